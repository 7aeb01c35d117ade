import fs from 'node:fs'
import path from 'node:path'
import type { Api } from '../contract/api.js'
import { SAMPLE_DATASET_NAME } from '../contract/imports.js'
import { ImportError, previewImport } from '../core/import/index.js'
import { sha256Hex } from '../core/import/file-hash.js'
import { datasetsFromFile } from '../core/store/same-file.js'
import { errorDetailOf } from '../platform/error-detail.js'
import type { Db } from '../core/store/open.js'
import type { JobManager } from '../jobs/job-manager.js'
import type { JobPayload } from '../contract/jobs.js'
import { ApiError } from './api-error.js'
import type { FileDrop } from '../platform/file-drop.js'

export const SAMPLE_FILE = path.join('sample-data', 'secom.csv')

type ImportApi = Pick<Api, 'previewImport' | 'startImport' | 'importSample'>

/** Import requests: preview in place (quick), the import itself as a job process. */
export function importServices(deps: { db: Db; files: FileDrop; jobs: JobManager; resourcesDir: string }): ImportApi {
  const startJob = (payload: JobPayload<'import'>) => deps.jobs.start('import', payload)
  return {
    previewImport: async ({ uploadId, options }) => {
      const upload = deps.files.resolve('uploads', uploadId)
      try {
        const preview = await previewImport(upload.path, options)
        const sha256 = await sha256Hex(await fs.promises.readFile(upload.path), {}, path.basename(upload.path))
        return { ...preview, alreadyImported: datasetsFromFile(deps.db, sha256) }
      } catch (error) {
        if (error instanceof ImportError) throw new ApiError('bad-request', error.message, errorDetailOf(error))
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
