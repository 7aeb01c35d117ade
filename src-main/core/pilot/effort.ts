import { z } from 'zod'

/**
 * Effort presets, in one place. What each preset buys:
 *  - repeats: independent hold-out splits (different seeds derived from the pilot seed); the
 *    spread between them is part of every interval (uncertainty.ts), so never fewer than 3.
 *  - validationFraction: slice of each training part used for early stopping and the λ/D choice.
 *  - mf.dGrid × mf.lambdaGrid: MF candidates (ALS, cheap); bias.lambdaGrid likewise.
 *  - nnmf.lambdaGrid: NNMF candidates (the expensive part: each is a full training run).
 *  - maxEpochs / patience: early stopping budget per candidate. NNMF's patience is 8 or more: on
 *    SECOM its validation loss sits on a plateau (or rises) for the first ~6 epochs before it
 *    falls, and a shorter patience stops it there (seen with patience 3 and 5 in quick: best epoch 1
 *    in two of three repeats, NNMF judged on an untrained network).
 *  - nnmf.learningRate: RMSProp step. Pilots use 5e-3 rather than the model's default 2e-3: on
 *    SECOM the default spends the first ~6 epochs on a plateau, which a quick pilot cannot afford;
 *    the learning-rate decay of the model still refines at the end.
 *  - foldInEpochs: latent-only epochs for NNMF fold-in of new rows (goal 'new-rows').
 *  - retries: settings tried, in order, when a fit failed (failed-fit.ts: it never left the mean
 *    model's level, or diverged): λ times `lambdaFactor` of the grid's smallest λ, the learning
 *    rate times `learningRateFactor`, and a fresh initialisation. The usual cause is the latent
 *    penalty outweighing the data on rows with few cells (a dense 24-column table: NNMF at λ 1
 *    stayed at the column means, at λ 0.1 it beat MF), so the retries lower λ first.
 *
 * Fair tuning, the rule: in every effort NNMF and MF search the SAME λ values (both penalise
 * Σ‖latents‖² against a sum of squared errors, so one λ means the same pull in both), and both
 * get the same retries. MF also searches its latent size d, its only capacity knob (NNMF's is the
 * paper's fixed network); an ALS candidate costs about as much as one or two NNMF epochs, so
 * this keeps the baseline NNMF must beat properly tuned at every effort (Rendle et al. 2020:
 * NCF's gains over MF vanished once MF was tuned as carefully). An under-tuned MF at quick made
 * quick pilots crown NNMF where standard ones did not (bench verdict, consistency).
 */
const retriesSchema = z.array(z.object({ lambdaFactor: z.number().positive(), learningRateFactor: z.number().positive() })).max(5)

export const effortPresetSchema = z.object({
  repeats: z.number().int().min(1).max(20),
  validationFraction: z.number().gt(0).lt(0.5),
  bias: z.object({ lambdaGrid: z.array(z.number().positive()).min(1), maxEpochs: z.number().int().min(1) }),
  mf: z.object({
    dGrid: z.array(z.number().int().min(1)).min(1),
    lambdaGrid: z.array(z.number().positive()).min(1),
    maxEpochs: z.number().int().min(1),
    patience: z.number().int().min(1),
    retries: retriesSchema,
  }),
  nnmf: z.object({
    lambdaGrid: z.array(z.number().positive()).min(1),
    maxEpochs: z.number().int().min(1),
    patience: z.number().int().min(1),
    learningRate: z.number().positive(),
    /** Hidden layer widths; the paper's 3 × 50 unless a test shrinks it. */
    hidden: z.array(z.number().int().min(1)).min(1),
    d: z.number().int().min(1),
    dPrime: z.number().int().min(1),
    batchSize: z.number().int().min(1),
    foldInEpochs: z.number().int().min(1),
    retries: retriesSchema,
  }),
})

export type EffortPreset = z.infer<typeof effortPresetSchema>
export type EffortName = 'quick' | 'standard' | 'thorough'

const PAPER_NETWORK = { hidden: [50, 50, 50], d: 10, dPrime: 60, batchSize: 2048 }

/** First a lower λ, then also a gentler step. */
const RETRIES = {
  one: [{ lambdaFactor: 0.1, learningRateFactor: 1 }],
  two: [{ lambdaFactor: 0.1, learningRateFactor: 1 }, { lambdaFactor: 0.01, learningRateFactor: 0.5 }],
}

/** The λ values both factorisations search, per effort (see the fair-tuning rule above). */
const LAMBDAS = { quick: [1, 10], standard: [0.1, 1, 10], thorough: [0.1, 0.3, 1, 3, 10, 30] }

export const EFFORT_PRESETS: Readonly<Record<EffortName, EffortPreset>> = {
  quick: {
    repeats: 3,
    validationFraction: 0.05,
    bias: { lambdaGrid: [1, 10], maxEpochs: 10 },
    mf: { dGrid: [5, 10], lambdaGrid: LAMBDAS.quick, maxEpochs: 12, patience: 2, retries: RETRIES.one },
    nnmf: { lambdaGrid: LAMBDAS.quick, maxEpochs: 15, patience: 8, learningRate: 5e-3, ...PAPER_NETWORK, foldInEpochs: 20, retries: RETRIES.one },
  },
  standard: {
    repeats: 3,
    validationFraction: 0.05,
    bias: { lambdaGrid: [1, 10, 100], maxEpochs: 20 },
    mf: { dGrid: [5, 10], lambdaGrid: LAMBDAS.standard, maxEpochs: 25, patience: 3, retries: RETRIES.two },
    nnmf: { lambdaGrid: LAMBDAS.standard, maxEpochs: 40, patience: 8, learningRate: 5e-3, ...PAPER_NETWORK, foldInEpochs: 50, retries: RETRIES.two },
  },
  thorough: {
    repeats: 5,
    validationFraction: 0.05,
    bias: { lambdaGrid: [1, 10, 100], maxEpochs: 30 },
    mf: { dGrid: [5, 10, 20], lambdaGrid: LAMBDAS.thorough, maxEpochs: 40, patience: 4, retries: RETRIES.two },
    nnmf: { lambdaGrid: LAMBDAS.thorough, maxEpochs: 100, patience: 10, learningRate: 5e-3, ...PAPER_NETWORK, foldInEpochs: 100, retries: RETRIES.two },
  },
}

/** Partial overrides of a preset (tests shrink the network; advanced users may widen a grid). */
export const effortOverridesSchema = z.object({
  repeats: z.number().int().min(1).max(20).optional(),
  validationFraction: z.number().gt(0).lt(0.5).optional(),
  bias: effortPresetSchema.shape.bias.partial().optional(),
  mf: effortPresetSchema.shape.mf.partial().optional(),
  nnmf: effortPresetSchema.shape.nnmf.partial().optional(),
})

export type EffortOverrides = z.infer<typeof effortOverridesSchema>

/** The preset with the overrides laid over it. */
export function resolveEffort(name: EffortName, overrides: EffortOverrides | undefined): EffortPreset {
  const base = EFFORT_PRESETS[name]
  const o = overrides ?? {}
  return effortPresetSchema.parse({
    repeats: o.repeats ?? base.repeats,
    validationFraction: o.validationFraction ?? base.validationFraction,
    bias: { ...base.bias, ...o.bias },
    mf: { ...base.mf, ...o.mf },
    nnmf: { ...base.nnmf, ...o.nnmf },
  })
}
