import { z } from 'zod'
import type { EffortName as SpecEffortName } from '../models/spec.js'
import { MODEL_SPECS, type EffortSections, type ModelKind } from '../models/specs.js'

/**
 * Effort presets: the common knobs here, each model's section in its own spec (models/*.ts,
 * `pilot.effort`), assembled from the list in models/specs.ts. What a preset buys:
 *  - repeats: independent hold-out splits (different seeds derived from the pilot seed); the
 *    spread between them is part of every interval (uncertainty.ts), so never fewer than 3.
 *  - validationFraction: slice of each training part used for early stopping and the λ/D choice.
 *  - per model (its section): the candidates searched on validation (MF: dGrid × lambdaGrid, ALS,
 *    cheap; NNMF: lambdaGrid, the expensive part: each is a full training run), the early
 *    stopping budget per candidate (maxEpochs, patience), and for NNMF its learning rate, network
 *    and fold-in epochs (the reasons for those numbers sit with them in models/nnmf/model.ts).
 *  - retries (the compared models, MF and NNMF): settings tried, in order, when a fit failed
 *    (failed-fit.ts: it never left the mean model's level, or diverged): λ times `lambdaFactor` of
 *    the grid's smallest λ, the learning rate times `learningRateFactor`, and a fresh
 *    initialisation. The usual cause is the latent penalty outweighing the data on rows with few
 *    cells (a dense 24-column table: NNMF at λ 1 stayed at the column means, at λ 0.1 it beat MF),
 *    so the retries lower λ first.
 *
 * Fair tuning, the rule (Rendle et al. 2020: NCF's gains over MF vanished once MF was tuned as
 * carefully):
 *  1. the baseline is never under-tuned: MF, cheap with ALS (a candidate costs about one NNMF
 *     epoch), gets at every effort a grid that reaches the PyTorch reference's best biased MF
 *     within 0.5 % on the shared tables (`npm run bench -- mf-reference`): λ in steps of about 3
 *     up to 30 (a large dense table wants ~30, ML-100K 10, 0/1 tables 1), d 10 and 20 at every
 *     effort (SECOM's 590 sensors want 20: at d 10 the best λ stayed 0.6 % behind the reference,
 *     at d 20 it is 4.7 % ahead), a small d for tables with few columns from standard on,
 *     patience 4 (ALS validation can dip at sweep 2, rise, then fall for good);
 *  2. NNMF gets as many λ values as MF from standard on (two at quick), from its own range: its
 *     latents feed a network, and on a dense table with few cells per row λ ≥ 1 held it at the
 *     column means while 0.1 beat MF; both get the same failed-fit retries;
 *  3. an NNMF that could not finish training cannot lose (still-improving.ts), so quick's smaller
 *     NNMF search makes quick pilots more often inconclusive, never wrongly in MF's favour.
 */
const commonSchema = {
  repeats: z.number().int().min(1).max(20),
  validationFraction: z.number().gt(0).lt(0.5),
}

export type EffortName = SpecEffortName
export type EffortPreset = { repeats: number; validationFraction: number } & EffortSections

export const effortPresetSchema = z.object({
  ...commonSchema,
  ...Object.fromEntries(MODEL_SPECS.map((s) => [s.kind, s.pilot.effort.schema])),
}) as unknown as z.ZodType<EffortPreset, EffortPreset>

const COMMON: Readonly<Record<EffortName, { repeats: number; validationFraction: number }>> = {
  quick: { repeats: 3, validationFraction: 0.05 },
  standard: { repeats: 3, validationFraction: 0.05 },
  thorough: { repeats: 5, validationFraction: 0.05 },
}

function presetOf(name: EffortName): EffortPreset {
  return { ...COMMON[name], ...Object.fromEntries(MODEL_SPECS.map((s) => [s.kind, s.pilot.effort.presets[name]])) } as EffortPreset
}

export const EFFORT_PRESETS: Readonly<Record<EffortName, EffortPreset>> = {
  quick: presetOf('quick'),
  standard: presetOf('standard'),
  thorough: presetOf('thorough'),
}

/** Partial overrides of a preset (tests shrink the network; advanced users may widen a grid). */
export const effortOverridesSchema = z.object({
  repeats: commonSchema.repeats.optional(),
  validationFraction: commonSchema.validationFraction.optional(),
  ...Object.fromEntries(MODEL_SPECS.map((s) => [s.kind, partialSection(s.pilot.effort.schema).optional()])),
}) as unknown as z.ZodType<EffortOverrides, EffortOverrides>

export type EffortOverrides = { repeats?: number; validationFraction?: number } & { [K in keyof EffortSections]?: Partial<EffortSections[K]> }

function partialSection(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodObject ? schema.partial() : schema
}

/** A kind's section of a preset, typed for that kind's spec. */
export function effortSection(effort: EffortPreset, kind: ModelKind): unknown {
  return effort[kind]
}

/** The preset with the overrides laid over it. */
export function resolveEffort(name: EffortName, overrides: EffortOverrides | undefined): EffortPreset {
  const base = EFFORT_PRESETS[name]
  const o = overrides ?? {}
  const sections = Object.fromEntries(
    MODEL_SPECS.map((s) => [s.kind, { ...(base[s.kind] as object), ...((o as Record<string, object | undefined>)[s.kind] ?? {}) }]),
  )
  return effortPresetSchema.parse({
    repeats: o.repeats ?? base.repeats,
    validationFraction: o.validationFraction ?? base.validationFraction,
    ...sections,
  })
}
