import type { JobErrorDetail } from '../contract/schemas.js'
import { ImportError } from '../core/import/report.js'
import { PilotError } from '../core/pilot/runner.js'
import { ReuseError } from '../core/reuse/errors.js'

/**
 * A failure the user can act on, as a code with parameters for the renderer to word in its
 * language (jobs.errors.<code>); undefined for failures that are ours (their English message goes
 * to the log). Used by the services (a refused request) and the job process (a failed job) alike.
 * The codes: `import-<FILE_ERROR_CODES>`, `pilot-<PILOT_ERROR_CODES>`, `reuse-<REUSE_ERROR_CODES>`.
 */
export function errorDetailOf(error: unknown): JobErrorDetail | undefined {
  if (error instanceof ImportError) {
    return {
      code: `import-${error.code}`,
      params: { file: error.file, ...(error.line !== undefined ? { line: error.line } : {}), ...(error.column !== undefined ? { column: error.column } : {}) },
    }
  }
  if (error instanceof PilotError) return { code: `pilot-${error.code}`, params: plainParams(error.details) }
  if (error instanceof ReuseError) return { code: `reuse-${error.code}`, params: {} }
  return undefined
}

/** The numbers and words among an error's details (lists and objects stay in the log message). */
function plainParams(details: Record<string, unknown>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(details).filter((entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number'),
  )
}
