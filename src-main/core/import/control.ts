import { ImportError } from './report.js'

export type ImportPhase = 'read' | 'parse' | 'write'

export interface ImportProgress {
  phase: ImportPhase
  done: number
  total: number
}

/** Cancellation and progress hooks threaded through every phase of an import. */
export interface ImportControl {
  signal?: AbortSignal
  onProgress?: (progress: ImportProgress) => void
}

/**
 * Lets pending events run (an abort arriving from a worker message, a progress repaint), then
 * fails fast if the import was cancelled.
 */
export async function checkpoint(control: ImportControl, file: string): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve))
  throwIfCancelled(control, file)
}

export function throwIfCancelled(control: ImportControl, file: string): void {
  if (control.signal?.aborted) throw new ImportError('cancelled', file, 'The import was cancelled; nothing was stored.')
}
