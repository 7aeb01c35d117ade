import type { BackendStatus } from '../contract/schemas.js'
import { markInterruptedRuns } from '../core/store/models.js'
import { cancelPilot, getPilot, markInterruptedPilots } from '../core/store/pilots.js'
import { pilotJobPayloadSchema } from '../jobs/pilot-job.js'
import { openDatabase, type Db } from '../core/store/open.js'
import { JobManager } from '../jobs/job-manager.js'
import type { JobLauncher } from '../jobs/launcher.js'
import { createDispatch, type Dispatch } from './dispatch.js'
import { EventBus } from './event-bus.js'
import { FileDrop } from './file-drop.js'
import { createServices, type Services } from './index.js'
import { createRetention, type Retention } from './retention.js'
import packageJson from '../../package.json'

export interface Workbench extends Services {
  db: Db
  dispatch: Dispatch
  jobs: JobManager
  files: FileDrop
  retention: Retention
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
  const jobs = new JobManager(options.launchJob, options.dataDir, events, (lost, payload) => {
    // A pilot killed after the user cancelled it was cancelled, not interrupted.
    if (lost.kind === 'pilot' && lost.state === 'cancelled') {
      const parsed = pilotJobPayloadSchema.safeParse(payload)
      if (parsed.success && getPilot(db, parsed.data.pilotId)?.status === 'running') cancelPilot(db, parsed.data.pilotId)
    }
    if (!jobs.isRunning(['train', 'pilot'])) markInterrupted()
  })
  const files = new FileDrop(options.dataDir)
  const retention = createRetention(db, files, options.dataDir)
  try {
    retention.sweep()
  } catch (error) {
    // Cleaning is housekeeping: a folder we cannot read must not keep the app from starting.
    console.error('Could not clean old uploads and exports:', error)
  }
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
    retention,
    dispatch: createDispatch(services.api),
    close: () => {
      jobs.stopAll()
      db.close()
    },
  }
}
