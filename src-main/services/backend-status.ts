import type { BackendStatus } from '../contract/schemas.js'
import { selectBackend } from '../core/backend/index.js'

let probe: Promise<BackendStatus> | undefined

/**
 * Which backend trains on this PC, probed once per process (GPU → native CPU → wasm → cpu) and
 * reported with every attempt, so the user can see why the GPU was not used.
 */
export function probeBackendStatus(): Promise<BackendStatus> {
  probe ??= selectBackend('auto').then(
    (selection) => ({ active: selection.name, label: selection.label, tried: selection.tried }),
    (error: unknown) => ({
      active: 'none',
      label: 'No training backend could start',
      tried: [{ name: 'auto', ok: false, error: error instanceof Error ? error.message : String(error) }],
    }),
  )
  return probe
}
