import type { Api } from '../contract/api.js'
import { deleteModel, getModel, listModels } from '../core/store/models.js'
import type { Db } from '../core/store/open.js'
import { markAbandoned } from '../core/store/owners.js'
import type { JobManager } from '../jobs/job-manager.js'
import { ApiError } from './api-error.js'
import type { FileDrop } from '../platform/file-drop.js'

type ModelApi = Pick<Api, 'listModels' | 'deleteModel' | 'startTraining' | 'startPredict' | 'startExport'>

/** Saved models, their training, reuse on new rows, and every export: the long work runs as jobs. */
export function modelServices(deps: { db: Db; jobs: JobManager; files: FileDrop }): ModelApi {
  return {
    listModels: async ({ datasetId }) => {
      // A run whose process died since the store was opened (a killed CLI run) shows as interrupted.
      markAbandoned(deps.db)
      return listModels(deps.db, datasetId === undefined ? {} : { datasetId }).map(({ id, datasetId: dataset, kind, name, backend, engine, seed, status, metrics, progress, createdAt }) => ({
        id, datasetId: dataset, kind, name, backend, engine, seed, status, metrics, createdAt,
        ...(status === 'training' && progress !== null && typeof progress === 'object' ? { progress: progress as Record<string, unknown> } : {}),
      }))
    },
    deleteModel: async ({ id }) => {
      markAbandoned(deps.db)
      const model = getModel(deps.db, id)
      if (!model) throw new ApiError('not-found', `There is no model with id ${id}.`)
      // A live process (a job of this app, another window, a CLI run) still trains it and writes
      // checkpoints to the row; runs of processes that are gone were marked interrupted just now.
      if (model.status === 'training') {
        throw new ApiError('conflict', `Model ${id} is still training in a running process; cancel it there first, or wait for it to end.`, {
          code: 'model-training', params: { name: model.name },
        })
      }
      return { deleted: deleteModel(deps.db, id) }
    },
    startTraining: async (request) => deps.jobs.start('train', { ...request, validationFraction: 0.05 }),
    startPredict: async ({ modelId, uploadId, options, seed }) => {
      const upload = deps.files.resolve('uploads', uploadId)
      return deps.jobs.start('predict', { modelId, filePath: upload.path, fileName: upload.fileName, options, seed })
    },
    startExport: async (request) => deps.jobs.start('export', request),
  }
}
