import type { AppEvent } from './api.js'
import type { RequestName } from './names.js'
import type { UploadedFile } from './schemas.js'

/**
 * What the Electron preload exposes as `window.nnmf`: one function per contract request and one
 * subscription to contract events. Nothing else of Electron reaches the page.
 */
export interface NnmfBridge {
  request: Record<RequestName, (input: unknown) => Promise<unknown>>
  onEvent(listener: (event: AppEvent) => void): () => void
  /** Hands a picked file's bytes to the main process. */
  upload(fileName: string, bytes: ArrayBuffer): Promise<UploadedFile>
  /** Asks where to save a file the app wrote; false when the user cancelled. */
  /** The path the user saved the file at, or null when they cancelled the save dialog. */
  saveDownload(downloadId: string): Promise<string | null>
}

export const BRIDGE_KEY = 'nnmf'
