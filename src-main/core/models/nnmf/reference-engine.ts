/**
 * The scalar reference (reference.ts) wrapped as an NnmfEngine: slow (Float64 loops, one entry at
 * a time) but obviously right. For tiny tests of the training loop and as a last-resort engine.
 */
import type { Batch, LossAndGradients, NnmfEngine, NnmfEngineSetup, NnmfParams, ParameterGroup, StepOptions } from './engine.js'
import { cloneParams, zeroParams } from './init.js'
import { referenceLossAndGradients, referencePredict, referenceStep } from './reference.js'

class ReferenceEngine implements NnmfEngine {
  readonly name = 'reference (scalar)'
  private params: NnmfParams
  private state: NnmfParams

  constructor(private readonly setup: NnmfEngineSetup) {
    this.params = zeroParams(setup)
    this.state = zeroParams(setup)
  }

  setParams(params: NnmfParams): void {
    this.params = cloneParams(params)
  }

  getParams(): NnmfParams {
    return cloneParams(this.params)
  }

  resetOptimizer(): void {
    this.state = zeroParams(this.setup)
  }

  getOptimizerState(): NnmfParams {
    return cloneParams(this.state)
  }

  setOptimizerState(state: NnmfParams): void {
    this.state = cloneParams(state)
  }

  async predict(rows: Int32Array, cols: Int32Array): Promise<Float32Array> {
    return referencePredict(this.setup, this.params, rows, cols)
  }

  async lossAndGradients(batch: Batch): Promise<LossAndGradients> {
    return referenceLossAndGradients(this.setup, this.params, batch)
  }

  async step(batch: Batch, group: ParameterGroup, options: StepOptions): Promise<number> {
    return referenceStep(this.setup, this.params, this.state, batch, group, options)
  }

  dispose(): void {}
}

export async function createReferenceEngine(setup: NnmfEngineSetup): Promise<NnmfEngine> {
  return new ReferenceEngine(setup)
}
