import type { BackendStatus } from '../contract/schemas.js'
import { chooseNnmfEngine, type EnginePreference } from '../core/models/nnmf/choose-engine.js'
import { readEnginePreference } from '../core/settings/engine-preference.js'
import type { Db } from '../core/store/open.js'

const probes = new Map<EnginePreference, Promise<BackendStatus>>()

/**
 * Which engine trains NNMF on this PC, probed once per process and preference ('auto': GPU → native
 * CPU → the CPU fast path; otherwise the engine the setting forces, its WebGPU adapter named) and
 * reported with every attempt, so the user can see why the GPU was not used.
 */
export function probeBackendStatus(preference: EnginePreference = 'auto'): Promise<BackendStatus> {
  const cached = probes.get(preference)
  if (cached) return cached
  const probe = chooseNnmfEngine(preference).then(
    (choice) => ({
      active: choice.name,
      label: choice.label,
      tried: choice.tried.map((attempt) => (attempt.ok ? attempt : { ...attempt, reason: failureReason(attempt.error) })),
    }),
    (error: unknown) => ({
      active: 'none',
      label: 'No training backend could start',
      tried: [{ name: preference, ok: false, reason: 'failed' as const, error: error instanceof Error ? error.message : String(error) }],
    }),
  )
  probes.set(preference, probe)
  return probe
}

/** A missing optional package (the CUDA or native TensorFlow build) is "not installed", not a failure. */
export function failureReason(error: string | undefined): 'not-installed' | 'failed' {
  return error !== undefined && /ERR_MODULE_NOT_FOUND|Cannot find (package|module)/i.test(error) ? 'not-installed' : 'failed'
}

/** The badge's status under the app's engine setting: the given 'auto' probe, or the forced engine's. */
export function backendStatusUnderSetting(db: Db, probeAuto: () => Promise<BackendStatus>): Promise<BackendStatus> {
  const preference = readEnginePreference(db)
  return preference === 'auto' ? probeAuto() : probeBackendStatus(preference)
}
