import type { BackendStatus } from '../contract/schemas.js'
import { markInterruptedRuns } from '../core/store/models.js'
import { markInterruptedPilots } from '../core/store/pilots.js'
import { openDatabase, type Db } from '../core/store/open.js'
import { JobManager } from '../jobs/job-manager.js'
import type { JobLauncher } from '../jobs/launcher.js'
import { createDispatch, type Dispatch } from './dispatch.js'
import { EventBus } from './event-bus.js'
import { FileDrop } from './file-drop.js'
import { createServices, type Services } from './index.js'
import packageJson from '../../package.json'

export interface Workbench extends Services {
  db: Db
  dispatch: Dispatch
  jobs: JobManager
  files: FileDrop
  close(): void
}

export interface WorkbenchOptions {
  dataDir: string
  transport: 'electron' | 'web'
  backendStatus: () => Promise<BackendStatus>
  /** How job processes start: a Node child process, or an Electron utility process in the app. */
  launchJob: JobLauncher
  /** The app's shipped resources (sample data): `resources/` in a checkout, `process.resourcesPath` when packaged. */
  resourcesDir: string
}

/** Opens the store and wires the services; shared by the Electron main process and web mode. */
export function openWorkbench(options: WorkbenchOptions): Workbench {
  const db = openDatabase(options.dataDir)
  // Runs left 'training' by a crash or kill of an earlier session are not coming back.
  const markInterrupted = (): void => {
    markInterruptedRuns(db)
    markInterruptedPilots(db)
  }
  markInterrupted()
  const events = new EventBus()
  const jobs = new JobManager(options.launchJob, options.dataDir, events, () => {
    if (!jobs.isRunning(['train', 'pilot'])) markInterrupted()
  })
  const files = new FileDrop(options.dataDir)
  const services = createServices({
    events,
    jobs,
    files,
    resourcesDir: options.resourcesDir,
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
    files,
    dispatch: createDispatch(services.api),
    close: () => {
      jobs.stopAll()
      db.close()
    },
  }
}
