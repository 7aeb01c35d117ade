/** Why a training run cannot be taken up again (the CLI's and the app's codes); light, so the CLI can map it before loading the core. */
export type ResumeRefusal = 'no-such-model' | 'not-resumable' | 'dataset-changed'

export class ResumeError extends Error {
  constructor(
    readonly code: ResumeRefusal,
    message: string,
  ) {
    super(message)
    this.name = 'ResumeError'
  }
}
