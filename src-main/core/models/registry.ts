import type { NnmfEngineFactory } from './nnmf/engine.js'
import { NnmfModel } from './nnmf/model.js'
import { GlobalMeanModel } from './mean.js'
import { BiasedMfModel } from './mf.js'
import type { Model, SavedModel } from './model.js'

/**
 * Rebuilds a model from its saved form. NNMF needs an engine to predict with: pass the factory the
 * app chose (predictions are bitwise reproducible on the engine that trained the model).
 */
export function loadModel(saved: SavedModel, context: { nnmfEngine?: NnmfEngineFactory } = {}): Model {
  switch (saved.kind) {
    case 'mean':
      return GlobalMeanModel.fromSaved(saved)
    case 'bias':
    case 'mf':
      return BiasedMfModel.fromSaved(saved)
    case 'nnmf':
      if (!context.nnmfEngine) throw new Error('loading an NNMF model needs an engine factory')
      return NnmfModel.fromSaved(saved, context.nnmfEngine)
    default:
      throw new Error(`unknown model kind: ${String((saved as { kind: unknown }).kind)}`)
  }
}
