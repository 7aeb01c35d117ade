import type { Api } from '../contract/api.js'
import { deleteModel, getModel, listModels, modelRequest } from '../core/store/models.js'
import { resumableRun } from '../core/runs/train-run.js'
import { ResumeError } from '../core/training/resume-error.js'
import type { Db } from '../core/store/open.js'
import { markAbandoned } from '../core/store/owners.js'
import type { JobManager } from '../jobs/job-manager.js'
import { ApiError } from './api-error.js'
import type { FileDrop } from '../platform/file-drop.js'

type ModelApi = Pick<Api, 'listModels' | 'deleteModel' | 'startTraining' | 'resumeTraining' | 'startPredict' | 'startExport'>

/** Saved models, their training, reuse on new rows, and every export: the long work runs as jobs. */
export function modelServices(deps: { db: Db; jobs: JobManager; files: FileDrop }): ModelApi {
  return {
    listModels: async ({ datasetId }) => {
      // A run whose process died since the store was opened (a killed CLI run) shows as interrupted.
      markAbandoned(deps.db)
      return listModels(deps.db, datasetId === undefined ? {} : { datasetId }).map(
        ({ id, datasetId: dataset, kind, name, backend, engine, seed, status, metrics, progress, createdAt }) => ({
          id,
          datasetId: dataset,
          kind,
          name,
          backend,
          engine,
          seed,
          status,
          metrics,
          createdAt,
          ...(status === 'training' && progress !== null && typeof progress === 'object' ? { progress: progress as Record<string, unknown> } : {}),
          // Runs stored with their request can be taken up again (a run without a checkpoint starts over, to the same model).
          resumable: (status === 'interrupted' || status === 'cancelled') && modelRequest(deps.db, id) !== null,
        }),
      )
    },
    deleteModel: async ({ id }) => {
      markAbandoned(deps.db)
      const model = getModel(deps.db, id)
      if (!model) throw new ApiError('not-found', `There is no model with id ${id}.`)
      // A live process (a job of this app, another window, a CLI run) still trains it and writes
      // checkpoints to the row; runs of processes that are gone were marked interrupted just now.
      if (model.status === 'training') {
        throw new ApiError('conflict', `Model ${id} is still training in a running process; cancel it there first, or wait for it to end.`, {
          code: 'model-training',
          params: { name: model.name },
        })
      }
      return { deleted: deleteModel(deps.db, id) }
    },
    startTraining: async (request) => deps.jobs.start('train', { ...request, validationFraction: 0.05 }),
    resumeTraining: async ({ id }) => {
      markAbandoned(deps.db)
      try {
        resumableRun(deps.db, id)
      } catch (error) {
        if (!(error instanceof ResumeError)) throw error
        if (error.code === 'no-such-model') throw new ApiError('not-found', error.message)
        const name = getModel(deps.db, id)?.name ?? String(id)
        throw new ApiError('conflict', error.message, {
          code: error.code === 'dataset-changed' ? 'model-dataset-changed' : 'model-not-resumable',
          params: { name },
        })
      }
      return deps.jobs.start('resume', { modelId: id })
    },
    startPredict: async ({ modelId, uploadId, options, seed, language }) => {
      const upload = deps.files.resolve('uploads', uploadId)
      return deps.jobs.start('predict', { modelId, filePath: upload.path, fileName: upload.fileName, options, seed, language })
    },
    startExport: async (request) => deps.jobs.start('export', request),
  }
}
