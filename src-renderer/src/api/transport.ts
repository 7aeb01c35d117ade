import type { AppEvent } from '@contract/api'
import type { RequestName } from '@contract/names'

/** A request failed; `code` comes from the contract (bad-request, not-found, ...). */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'RequestError'
  }
}

export interface Transport {
  kind: 'electron' | 'web'
  call(name: RequestName, input: unknown): Promise<unknown>
  onEvent(listener: (event: AppEvent) => void): () => void
}
