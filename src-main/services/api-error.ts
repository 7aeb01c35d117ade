import type { ApiErrorCode } from '../contract/api.js'
import type { JobErrorDetail as ErrorDetail } from '../contract/schemas.js'
import { WriteError } from '../core/files/write-error.js'
import { errorDetailOf } from '../platform/error-detail.js'
import { FileDropError } from '../platform/file-drop.js'

/** An error meant for the person using the app: a code the UI can act on and a plain message. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** What went wrong as a code with parameters, for the renderer to word (the message is for logs). */
    readonly detail?: ErrorDetail,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** What a client is told about a failure that was not meant for it: no message, stack or path of ours. */
export const INTERNAL_ERROR_MESSAGE =
  'Something went wrong inside NNMF Workbench. Try again; if it happens again, restart the app and tell whoever supports it what you were doing.'

/**
 * The body sent to a client. ApiErrors (and WriteErrors, worded for people and naming only a file)
 * pass as they are; a core error with a code (a pilot that cannot run, a model that cannot be
 * reused, a file error) is the caller's input: 'bad-request' with its code and parameters, which the
 * renderer words in the user's language. Anything else is a bug or a system error whose text may
 * hold paths or internals, so the client gets a fixed message and the detail goes to `log`.
 */
export function toErrorBody(
  error: unknown,
  log: (detail: unknown) => void = (detail) => console.error('Internal error:', detail),
): { code: ApiErrorCode; message: string; detail?: ErrorDetail } {
  if (error instanceof ApiError) return { code: error.code, message: error.message, ...(error.detail ? { detail: error.detail } : {}) }
  if (error instanceof FileDropError) return { code: error.code, message: error.message }
  const detail = errorDetailOf(error)
  if (detail && error instanceof Error) return { code: 'bad-request', message: error.message, detail }
  if (error instanceof WriteError) return { code: 'internal', message: error.message }
  log(error)
  return { code: 'internal', message: INTERNAL_ERROR_MESSAGE }
}

/** The one wording of a missing dataset, for every service that looks one up. */
export function noDataset(id: number): ApiError {
  return new ApiError('not-found', `There is no dataset with id ${id}.`, { code: 'dataset-not-found', params: {} })
}
