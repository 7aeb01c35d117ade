import { BiasedMfModel, MF_DEFAULTS, type MfConfig } from './mf.js'

/**
 * Row and column bias model f = μ + b_n + c_m: the biased MF solver with no latents, so the
 * regularised biases come from a few closed-form alternating sweeps (converged in ~5).
 * λ_b = 10 by default (a rating-scale shrinkage in the range Surprise's baseline uses).
 */
export const BIAS_DEFAULTS: MfConfig = { ...MF_DEFAULTS, d: 0, lambda: 0, lambdaBias: 10, solver: 'als', maxEpochs: 20, patience: 2 }

export function createBiasModel(config: Partial<Pick<MfConfig, 'loss' | 'scaling' | 'lambdaBias' | 'maxEpochs' | 'patience'>> = {}): BiasedMfModel {
  return new BiasedMfModel('bias', { ...BIAS_DEFAULTS, ...config, d: 0, lambda: 0 })
}
