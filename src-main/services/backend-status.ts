import type { BackendStatus } from '../contract/schemas.js'
import { chooseNnmfEngine } from '../core/models/nnmf/choose-engine.js'

let probe: Promise<BackendStatus> | undefined

/**
 * Which engine trains NNMF on this PC, probed once per process (GPU → native CPU → the CPU fast
 * path) and reported with every attempt, so the user can see why the GPU was not used.
 */
export function probeBackendStatus(): Promise<BackendStatus> {
  probe ??= chooseNnmfEngine('auto').then(
    (choice) => ({
      active: choice.name,
      label: choice.label,
      tried: choice.tried.map((attempt) => (attempt.ok ? attempt : { ...attempt, reason: failureReason(attempt.error) })),
    }),
    (error: unknown) => ({
      active: 'none',
      label: 'No training backend could start',
      tried: [{ name: 'auto', ok: false, reason: 'failed' as const, error: error instanceof Error ? error.message : String(error) }],
    }),
  )
  return probe
}

/** A missing optional package (the CUDA or native TensorFlow build) is "not installed", not a failure. */
export function failureReason(error: string | undefined): 'not-installed' | 'failed' {
  return error !== undefined && /ERR_MODULE_NOT_FOUND|Cannot find (package|module)/i.test(error) ? 'not-installed' : 'failed'
}
