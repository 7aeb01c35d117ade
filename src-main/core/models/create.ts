import type { TargetConfig } from '../fitting/targets.js'
import { defaultScaling } from '../fitting/targets.js'
import type { Model } from './model.js'
import type { NnmfEngineFactory } from './nnmf/engine.js'
import { specOf, type ModelKind } from './specs.js'

export interface ModelContext {
  layout: 'wide' | 'long'
  valueKind: 'numeric' | 'binary'
  /** Needed by models that predict on an engine (NNMF) only. */
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
  return specOf(kind).create({ ...targetConfigFor(context), ...context.overrides }, context.nnmfEngine ? { nnmfEngine: context.nnmfEngine } : {})
}
