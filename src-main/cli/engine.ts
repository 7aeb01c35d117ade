import { specOf, type ModelKind } from '../core/models/specs.js'
import type { ChooseEngineOptions, EnginePreference, EngineChoice } from '../core/models/nnmf/choose-engine.js'

/**
 * The engine a command runs a model on. Only NNMF has engines (its spec's `usesEngine`); the other models are plain typed
 * arrays, so for them TensorFlow.js is not even probed (that costs about a second) and the choice
 * below names what actually runs. Its factory is never called for those kinds.
 */
export async function engineFor(kind: ModelKind, preference: EnginePreference, options: ChooseEngineOptions = {}): Promise<EngineChoice> {
  if (specOf(kind).usesEngine) return (await import('../core/models/nnmf/choose-engine.js')).chooseNnmfEngine(preference, options)
  return {
    name: 'typed-arrays',
    label: 'CPU (TypeScript)',
    tfjsBackend: 'cpu',
    tried: [],
    factory: () => {
      throw new Error(`a ${kind} model has no NNMF engine`)
    },
  }
}
