/** The measured part of the auto probe: a few training steps of a model's network size on one engine, timed. */
import { createRng } from '../../../random.js'
import type { NnmfArchitecture, NnmfEngineFactory, NnmfEngineSetup } from '../engine.js'
import { initParams } from '../init.js'

export interface ProbeShape {
  architecture: NnmfArchitecture
  nRows: number
  nCols: number
  /** Entries per minibatch, as the model will train. */
  batchSize: number
}

/**
 * Entries per second of network and latent steps (one of each per batch, as an epoch runs them) on
 * seeded random data of this shape, after one warm-up pair (pipelines compiled, buffers sized).
 */
export async function timeTrainingSteps(
  factory: NnmfEngineFactory,
  shape: ProbeShape,
  pairs = 3,
  now: () => number = () => performance.now(),
): Promise<number> {
  const rng = createRng(11)
  const perRow = Math.max(1, Math.round(shape.batchSize / shape.nRows))
  const perCol = Math.max(1, Math.round(shape.batchSize / shape.nCols))
  const setup: NnmfEngineSetup = {
    nRows: shape.nRows,
    nCols: shape.nCols,
    architecture: shape.architecture,
    loss: 'squared',
    rowCounts: new Int32Array(shape.nRows).fill(perRow),
    colCounts: new Int32Array(shape.nCols).fill(perCol),
  }
  const batch = {
    rows: Int32Array.from({ length: shape.batchSize }, () => rng.int(shape.nRows)),
    cols: Int32Array.from({ length: shape.batchSize }, () => rng.int(shape.nCols)),
    targets: Float32Array.from({ length: shape.batchSize }, () => rng.normal()),
  }
  const engine = await factory(setup)
  try {
    engine.setParams(initParams(setup, rng))
    engine.resetOptimizer()
    const options = { learningRate: 1e-3, lambda: 1 }
    await engine.step(batch, 'network', options)
    await engine.step(batch, 'latents', options)
    const started = now()
    for (let i = 0; i < pairs; i++) {
      await engine.step(batch, 'network', options)
      await engine.step(batch, 'latents', options)
    }
    return (pairs * shape.batchSize) / Math.max(1e-3, (now() - started) / 1000)
  } finally {
    engine.dispose()
  }
}
