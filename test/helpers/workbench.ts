import path from 'node:path'
import { nodeJobLauncher } from '../../src-main/jobs/launcher.js'
import { probeBackendStatus } from '../../src-main/services/backend-status.js'
import { openWorkbench, type Workbench } from '../../src-main/services/workbench.js'

/** The real job process entry, run from TypeScript source through tsx. */
export const JOB_PROCESS_SOURCE = path.resolve(import.meta.dirname, '../../src-main/jobs/job-process.ts')

/** A workbench over a real store in `dataDir`, with real job processes, as web mode builds it. */
export function openTestWorkbench(dataDir: string): Workbench {
  return openWorkbench({
    dataDir,
    transport: 'web',
    backendStatus: probeBackendStatus,
    launchJob: nodeJobLauncher({ entry: JOB_PROCESS_SOURCE, execArgv: ['--import', 'tsx'] }),
    resourcesDir: path.resolve(import.meta.dirname, '../../resources'),
  })
}
