import type { AppEvent } from './api.js'
import type { RequestName } from './names.js'

/**
 * What the Electron preload exposes as `window.nnmf`: one function per contract request and one
 * subscription to contract events. Nothing else of Electron reaches the page.
 */
export interface NnmfBridge {
  request: Record<RequestName, (input: unknown) => Promise<unknown>>
  onEvent(listener: (event: AppEvent) => void): () => void
}

export const BRIDGE_KEY = 'nnmf'
