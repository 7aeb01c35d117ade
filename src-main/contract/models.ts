/**
 * The registered models for the renderer, from the one list (core/models/specs.ts): the kinds in
 * their order, and each one's chart colour and part in a pilot. Names come through the glossary.
 */
import { MODEL_KINDS, MODEL_SPECS, type ModelKind } from '../core/models/specs.js'

export { MODEL_KINDS, type ModelKind }

export const MODEL_COLORS = Object.fromEntries(MODEL_SPECS.map((s) => [s.kind, s.color])) as Readonly<Record<ModelKind, string>>

/** The verdict's pair and the floor are pilot roles; Train a model offers every kind. */
export const PILOT_ROLES = Object.fromEntries(MODEL_SPECS.map((s) => [s.kind, s.pilot.role])) as Readonly<Record<ModelKind, 'floor' | 'baseline' | 'compared'>>
