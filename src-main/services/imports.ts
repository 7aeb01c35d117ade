import fs from 'node:fs'
import path from 'node:path'
import type { Api } from '../contract/api.js'
import { SAMPLE_DATASET_NAME } from '../contract/imports.js'
import { ImportError, previewImport } from '../core/import/index.js'
import type { JobManager } from '../jobs/job-manager.js'
import type { ImportJobPayload } from '../jobs/import-job.js'
import { ApiError } from './api-error.js'
import type { FileDrop } from './file-drop.js'

export const SAMPLE_FILE = path.join('sample-data', 'secom.csv')

type ImportApi = Pick<Api, 'previewImport' | 'startImport' | 'importSample'>

/** Import requests: preview in place (quick), the import itself as a job process. */
export function importServices(deps: { files: FileDrop; jobs: JobManager; resourcesDir: string }): ImportApi {
  const startJob = (payload: ImportJobPayload) => deps.jobs.start('import', payload)
  return {
    previewImport: async ({ uploadId, options }) => {
      const upload = deps.files.resolve('uploads', uploadId)
      try {
        return await previewImport(upload.path, options)
      } catch (error) {
        if (error instanceof ImportError) throw new ApiError('bad-request', error.message)
        throw error
      }
    },
    startImport: async ({ uploadId, options }) => startJob({ filePath: deps.files.resolve('uploads', uploadId).path, options }),
    importSample: async () => {
      const filePath = path.join(deps.resourcesDir, SAMPLE_FILE)
      if (!fs.existsSync(filePath)) throw new ApiError('not-found', `The sample data is missing from this installation (${filePath}).`)
      return startJob({ filePath, options: { name: SAMPLE_DATASET_NAME, layout: 'wide', valueKind: 'numeric' } })
    },
  }
}
