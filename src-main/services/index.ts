import type { Api } from '../contract/api.js'
import type { BackendStatus } from '../contract/schemas.js'
import { deleteDataset, getDataset, listDatasets, renameDataset } from '../core/store/datasets.js'
import { latestSchemaVersion } from '../core/store/migrations/index.js'
import type { Db } from '../core/store/open.js'
import type { JobManager } from '../jobs/job-manager.js'
import { noDataset } from './api-error.js'
import { backendStatusUnderSetting } from './backend-status.js'
import type { EventBus } from '../platform/event-bus.js'
import type { FileDrop } from '../platform/file-drop.js'
import { datasetServices } from './datasets.js'
import { importServices } from './imports.js'
import { modelServices } from './models.js'
import { pilotServices } from './pilots.js'
import { readSettings, writeSettings } from './settings.js'

export interface ServiceContext {
  db: Db
  dataDir: string
  version: string
  transport: 'electron' | 'web'
  /** Resolves once which training backend this machine runs; detection may take a moment. */
  backendStatus: () => Promise<BackendStatus>
  events: EventBus
  jobs: JobManager
  files: FileDrop
  resourcesDir: string
}

export interface Services {
  api: Api
  events: EventBus
}

/** The main-process services behind the contract. Transport-agnostic: no Electron, no HTTP. */
export function createServices(context: ServiceContext): Services {
  const { db, events, jobs } = context

  const api: Api = {
    appInfo: async () => ({
      version: context.version,
      transport: context.transport,
      dataDir: context.dataDir,
      schemaVersion: latestSchemaVersion,
    }),
    backendStatus: () => backendStatusUnderSetting(db, context.backendStatus),
    getSettings: async () => readSettings(db),
    updateSettings: async (changes) => writeSettings(db, changes),
    listDatasets: async () => listDatasets(db),
    renameDataset: async ({ id, name }) => {
      if (!renameDataset(db, id, name)) throw noDataset(id)
      return getDataset(db, id)!
    },
    deleteDataset: async ({ id }) => {
      if (!(await deleteDataset(db, id))) throw noDataset(id)
      return { deleted: true }
    },
    ...datasetServices(context),
    ...importServices(context),
    ...pilotServices(context),
    ...modelServices(context),
    cancelJob: async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    listJobs: async () => jobs.list(),
  }
  return { api, events }
}
