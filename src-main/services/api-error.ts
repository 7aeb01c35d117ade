import type { ApiErrorCode } from '../contract/api.js'

/** An error meant for the person using the app: a code the UI can act on and a plain message. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export function toErrorBody(error: unknown): { code: ApiErrorCode; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) }
}

/** The one wording of a missing dataset, for every service that looks one up. */
export function noDataset(id: number): ApiError {
  return new ApiError('not-found', `There is no dataset with id ${id}.`)
}
