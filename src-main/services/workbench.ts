import type { BackendStatus } from '../contract/schemas.js'
import { removeAbandonedStagingAsync } from '../core/store/datasets.js'
import { markAbandoned, releaseOwner } from '../core/store/owners.js'
import { cancelPilot, getPilot, interruptPilot } from '../core/store/pilots.js'
import { JOBS } from '../contract/jobs.js'
import { openDatabase, type Db } from '../core/store/open.js'
import { JobManager } from '../jobs/job-manager.js'
import type { JobLauncher } from '../jobs/launcher.js'
import { createDispatch, type Dispatch } from './dispatch.js'
import { EventBus } from '../platform/event-bus.js'
import { FileDrop } from '../platform/file-drop.js'
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
  // Opening marked the runs of processes that are gone as interrupted (store/owners.ts); runs of
  // live ones, such as a scheduled CLI pilot, stay 'training' / 'running'.
  const db = openDatabase(options.dataDir)
  const events = new EventBus()
  const jobs = new JobManager(options.launchJob, options.dataDir, events, (lost, payload, pid) => {
    if (lost.kind === 'pilot') {
      // The lost job ran this pilot, so it runs nowhere now: cancelled if the user cancelled it
      // (and the job was killed after ignoring that), else interrupted, whoever owned it on paper
      // (a job that died before claiming it leaves it owned by this process).
      const parsed = JOBS.pilot.payload.safeParse(payload)
      if (parsed.success && getPilot(db, parsed.data.pilotId)?.status === 'running') {
        if (lost.state === 'cancelled') cancelPilot(db, parsed.data.pilotId)
        else interruptPilot(db, parsed.data.pilotId)
      }
    }
    // The dead job's runs (its pid is gone) become 'interrupted'; other processes' runs stay. What
    // its import staged is removed in short steps (nobody sees it meanwhile).
    const ended = pid === undefined ? {} : { endedPids: [pid] }
    markAbandoned(db, ended)
    removeAbandonedStagingAsync(db, ended).catch((error: unknown) => console.error('Could not remove what a lost import staged:', error))
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
      releaseOwner(db)
      db.close()
    },
  }
}
