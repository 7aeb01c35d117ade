import type { Model, SavedModel } from './model.js'
import type { ModelRuntime } from './spec.js'
import { isModelKind, specOf } from './specs.js'

/**
 * Rebuilds a model from its saved form. NNMF needs an engine to predict with: pass the factory the
 * app chose (predictions are bitwise reproducible on the engine that trained the model).
 */
export function loadModel(saved: SavedModel, runtime: ModelRuntime = {}): Model {
  if (!isModelKind(saved.kind)) throw new Error(`unknown model kind: ${String(saved.kind)}`)
  return specOf(saved.kind).fromSaved(saved, runtime)
}
