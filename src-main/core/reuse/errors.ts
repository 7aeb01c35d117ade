/** Why a saved model cannot be reused as asked: all are the caller's input, not a crash. */
export const REUSE_ERROR_CODES = ['no-such-model', 'model-not-ready', 'no-dataset', 'column-mismatch', 'engine-required'] as const
export type ReuseErrorCode = (typeof REUSE_ERROR_CODES)[number]

export class ReuseError extends Error {
  constructor(
    readonly code: ReuseErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ReuseError'
  }
}
