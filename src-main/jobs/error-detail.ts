import { ImportError } from '../core/import/report.js'

/**
 * A job failure the user can act on, as a code with parameters for the renderer to word in its
 * language; undefined for failures that are ours (their English message goes to the log).
 */
export function errorDetailOf(error: unknown): { code: string; params: Record<string, string | number> } | undefined {
  if (error instanceof ImportError) {
    return {
      code: `import-${error.code}`,
      params: { file: error.file, ...(error.line !== undefined ? { line: error.line } : {}), ...(error.column !== undefined ? { column: error.column } : {}) },
    }
  }
  return undefined
}
