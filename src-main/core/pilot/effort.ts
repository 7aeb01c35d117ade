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
 * Fair tuning, the rule (Rendle et al. 2020: NCF's gains over MF vanished once MF was tuned as
 * carefully):
 *  1. the baseline is never under-tuned: MF, cheap with ALS (a candidate costs about one NNMF
 *     epoch), gets at every effort a grid that reaches the PyTorch reference's best biased MF
 *     within 0.5 % on the shared tables (`npm run bench -- mf-reference`): λ in steps of about 3
 *     up to 30 (a large dense table wants ~30, ML-100K 10, 0/1 tables 1), a small d for tables
 *     with few columns, patience 4 (ALS validation can dip at sweep 2, rise, then fall for good);
 *  2. NNMF gets as many λ values as MF from standard on (two at quick), from its own range: its
 *     latents feed a network, and on a dense table with few cells per row λ ≥ 1 held it at the
 *     column means while 0.1 beat MF; both get the same failed-fit retries;
 *  3. an NNMF that could not finish training cannot lose (still-improving.ts), so quick's smaller
 *     NNMF search makes quick pilots more often inconclusive, never wrongly in MF's favour.
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

export const EFFORT_PRESETS: Readonly<Record<EffortName, EffortPreset>> = {
  quick: {
    repeats: 3,
    validationFraction: 0.05,
    bias: { lambdaGrid: [1, 10], maxEpochs: 10 },
    mf: { dGrid: [10], lambdaGrid: [1, 10, 30], maxEpochs: 15, patience: 4, retries: RETRIES.one },
    nnmf: { lambdaGrid: [1, 5], maxEpochs: 15, patience: 8, learningRate: 5e-3, ...PAPER_NETWORK, foldInEpochs: 20, retries: RETRIES.one },
  },
  standard: {
    repeats: 3,
    validationFraction: 0.05,
    bias: { lambdaGrid: [1, 10, 100], maxEpochs: 20 },
    mf: { dGrid: [3, 10], lambdaGrid: [1, 10, 30], maxEpochs: 25, patience: 4, retries: RETRIES.two },
    nnmf: { lambdaGrid: [0.1, 1, 10], maxEpochs: 40, patience: 8, learningRate: 5e-3, ...PAPER_NETWORK, foldInEpochs: 50, retries: RETRIES.two },
  },
  thorough: {
    repeats: 5,
    validationFraction: 0.05,
    bias: { lambdaGrid: [1, 10, 100], maxEpochs: 30 },
    mf: { dGrid: [3, 5, 10, 20], lambdaGrid: [1, 3, 10, 30, 100], maxEpochs: 40, patience: 5, retries: RETRIES.two },
    nnmf: { lambdaGrid: [0.1, 0.3, 1, 3, 10], maxEpochs: 100, patience: 10, learningRate: 5e-3, ...PAPER_NETWORK, foldInEpochs: 100, retries: RETRIES.two },
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
