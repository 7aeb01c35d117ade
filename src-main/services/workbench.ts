import type { BackendStatus } from '../contract/schemas.js'
import { openDatabase, type Db } from '../core/store/open.js'
import { JobManager } from '../jobs/job-manager.js'
import type { JobLauncher } from '../jobs/launcher.js'
import { createDispatch, type Dispatch } from './dispatch.js'
import { EventBus } from './event-bus.js'
import { createServices, type Services } from './index.js'
import packageJson from '../../package.json'

export interface Workbench extends Services {
  db: Db
  dispatch: Dispatch
  jobs: JobManager
  close(): void
}

export interface WorkbenchOptions {
  dataDir: string
  transport: 'electron' | 'web'
  backendStatus: () => Promise<BackendStatus>
  /** How job processes start: a Node child process, or an Electron utility process in the app. */
  launchJob: JobLauncher
}

/** Opens the store and wires the services; shared by the Electron main process and web mode. */
export function openWorkbench(options: WorkbenchOptions): Workbench {
  const db = openDatabase(options.dataDir)
  const events = new EventBus()
  const jobs = new JobManager(options.launchJob, options.dataDir, events)
  const services = createServices({
    events,
    jobs,
    db,
    dataDir: options.dataDir,
    version: packageJson.version,
    transport: options.transport,
    backendStatus: options.backendStatus,
  })
  return {
    ...services,
    db,
    jobs,
    dispatch: createDispatch(services.api),
    close: () => {
      jobs.stopAll()
      db.close()
    },
  }
}
