import type { AppEvent } from '@contract/api'
import type { RequestName } from '@contract/names'
import type { JobErrorDetail, UploadedFile } from '@contract/schemas'

/** A request failed; `code` comes from the contract (bad-request, not-found, ...). */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The failure as a code with parameters (api/job-error.ts words it), when the main side gives one. */
    readonly detail?: JobErrorDetail,
  ) {
    super(message)
    this.name = 'RequestError'
  }
}

/** A file handed to the user: its name and, where the app knows it (Electron's save dialog), the folder it went to. */
export interface Delivered {
  fileName: string
  folder: string | null
}

export interface Transport {
  kind: 'electron' | 'web'
  call(name: RequestName, input: unknown): Promise<unknown>
  onEvent(listener: (event: AppEvent) => void): () => void
  upload(file: File): Promise<UploadedFile>
  /** Lets the user save a file the app wrote (an export or a report); null when they cancelled the save. */
  download(downloadId: string, fileName: string): Promise<Delivered | null>
}
