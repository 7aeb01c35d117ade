import { z } from 'zod'
import { BiasedMfModel, MF_DEFAULTS, type MfConfig } from './mf.js'
import { ALS_TYPICAL_SWEEPS, alsSeconds, defineModel, type Hyperparameters } from './spec.js'

/**
 * Row and column bias model f = μ + b_n + c_m: the biased MF solver with no latents, so the
 * regularised biases come from a few closed-form alternating sweeps (converged in ~5).
 * λ_b = 10 by default (a rating-scale shrinkage in the range Surprise's baseline uses).
 */
export const BIAS_DEFAULTS: MfConfig = { ...MF_DEFAULTS, d: 0, lambda: 0, lambdaBias: 10, solver: 'als', maxEpochs: 20, patience: 2 }

export function createBiasModel(config: Partial<Pick<MfConfig, 'loss' | 'scaling' | 'lambdaBias' | 'maxEpochs' | 'patience'>> = {}): BiasedMfModel {
  return new BiasedMfModel('bias', { ...BIAS_DEFAULTS, ...config, d: 0, lambda: 0 })
}

/** The bias model's λ is its bias penalty. */
const biasHyperparameters = (h: Hyperparameters): Record<string, number> => (h.lambda === null ? {} : { lambdaBias: h.lambda })

const biasEffortSchema = z.object({ lambdaGrid: z.array(z.number().positive()).min(1), maxEpochs: z.number().int().min(1) })

export const biasSpec = defineModel({
  kind: 'bias',
  words: {
    en: { name: 'Row and column bias', description: 'A baseline that uses only how high each row (machine) and each column (sensor) runs on average.' },
    ja: { name: '行・列の偏り', description: '行（装置など）ごと・列（センサーなど）ごとの平均的な高さだけを使う基準モデルです。' },
  },
  color: '#8d6e63',
  usesEngine: false,
  tunes: { d: false, lambda: true },
  trainGrid: { dGrid: [], lambdaGrid: [1, 10, 100] },
  hyperparameterConfig: biasHyperparameters,
  create: (config) => createBiasModel(config),
  fromSaved: (saved) => BiasedMfModel.fromSaved(saved),
  pilot: {
    role: 'baseline',
    effort: {
      schema: biasEffortSchema,
      presets: {
        quick: { lambdaGrid: [1, 10], maxEpochs: 10 },
        standard: { lambdaGrid: [1, 10, 100], maxEpochs: 20 },
        thorough: { lambdaGrid: [1, 10, 100], maxEpochs: 30 },
      },
    },
    candidates: (s) => s.lambdaGrid.map((lambda) => ({ d: null, lambda })),
    retries: () => [],
    maxEpochs: (s) => s.maxEpochs,
    patience: () => 2,
    fitKind: 'als',
    foldInEpochs: () => undefined,
    build: ({ candidate, section, target }) => createBiasModel({ ...target, ...biasHyperparameters(candidate), maxEpochs: section.maxEpochs }),
    estimateSeconds: ({ section, nTrain, throughput }) =>
      section.lambdaGrid.length * alsSeconds(nTrain, 0, Math.min(section.maxEpochs, ALS_TYPICAL_SWEEPS + 2), throughput),
  },
})
