import type { TargetConfig } from '../training/targets.js'
import { defaultScaling } from '../training/targets.js'
import { createBiasModel } from './bias.js'
import { createMeanModel } from './mean.js'
import { createMfModel } from './mf.js'
import type { Model, ModelKind } from './model.js'
import type { NnmfEngineFactory } from './nnmf/engine.js'
import { createNnmfModel } from './nnmf/model.js'

export interface ModelContext {
  layout: 'wide' | 'long'
  valueKind: 'numeric' | 'binary'
  /** Needed for NNMF only. */
  nnmfEngine?: NnmfEngineFactory
  /** Overrides of the model's defaults (λ, d, epochs, ...), as its config type names them. */
  overrides?: Record<string, unknown>
}

/** The target space a dataset implies: logistic for 0/1 failures, per-column scaling for wide sensor tables. */
export function targetConfigFor(context: Pick<ModelContext, 'layout' | 'valueKind'>): TargetConfig {
  return {
    loss: context.valueKind === 'binary' ? 'logistic' : 'squared',
    scaling: defaultScaling(context.layout, context.valueKind),
  }
}

/** A fresh, untrained model of `kind` with the dataset's target space and any overrides. */
export function createModel(kind: ModelKind, context: ModelContext): Model {
  const config = { ...targetConfigFor(context), ...context.overrides }
  switch (kind) {
    case 'mean':
      return createMeanModel(config)
    case 'bias':
      return createBiasModel(config)
    case 'mf':
      return createMfModel(config)
    case 'nnmf':
      if (!context.nnmfEngine) throw new Error('an NNMF model needs an engine factory')
      return createNnmfModel(context.nnmfEngine, config)
  }
}
