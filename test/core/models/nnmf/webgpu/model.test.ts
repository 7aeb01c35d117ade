import './gpu-env.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rmse } from '../../../../../src-main/core/eval/metrics.js'
import type { SparseMatrix } from '../../../../../src-main/core/matrix/sparse.js'
import type { FitReport, Predictor } from '../../../../../src-main/core/models/model.js'
import { createFastCpuEngine } from '../../../../../src-main/core/models/nnmf/fastcpu/index.js'
import { NnmfModel, createNnmfModel, type NnmfConfig } from '../../../../../src-main/core/models/nnmf/model.js'
import { createWebGpuEngine } from '../../../../../src-main/core/models/nnmf/webgpu/index.js'
import { lowRank, plant } from '../../planted.js'

/**
 * The documented tolerance: a model trained on WebGPU, saved, and loaded on the CPU fast path
 * predicts the same numbers to 1e-5 of the largest prediction. Both run the same float32 forward
 * pass and differ only in exp implementations and summation order (measured: about 2e-7).
 */
const PREDICT_TOLERANCE = 1e-5
/**
 * Fold-in runs RMSProp steps in float32 on each engine; RMSProp's normalised steps can amplify
 * rounding differences over many steps, so the bound is the same 1e-5 but for a short fold-in
 * (8 epochs; measured about 2e-7). Over long runs the two trajectories drift apart slowly, as any
 * two float32 implementations do; the first-epoch loss check bounds the per-step agreement.
 */
const FOLD_IN_TOLERANCE = 1e-5

const N_OLD = 52
const N_NEW = 8
const N_COLS = 30
const data = plant(N_OLD + N_NEW, N_COLS, 0.6, lowRank(N_OLD + N_NEW, N_COLS, 2, 5), { seed: 6, noise: 0.1, testFraction: 0.3 })
function rowsWhere(m: SparseMatrix, keep: (r: number) => boolean, shift: number, nRows: number): SparseMatrix {
  const idx: number[] = []
  for (let i = 0; i < m.rows.length; i++) if (keep(m.rows[i]!)) idx.push(i)
  return {
    nRows,
    nCols: m.nCols,
    rows: Int32Array.from(idx, (i) => m.rows[i]! - shift),
    cols: Int32Array.from(idx, (i) => m.cols[i]!),
    values: Float64Array.from(idx, (i) => m.values[i]!),
  }
}
const train = rowsWhere(data.train, (r) => r < N_OLD, 0, N_OLD)
const validation = rowsWhere(data.test, (r) => r < N_OLD, 0, N_OLD)
const newRows = rowsWhere(data.train, (r) => r >= N_OLD, N_OLD, N_NEW)

const config: Partial<NnmfConfig> = {
  architecture: { d: 3, dPrime: 6, k: 1, hidden: [12, 8] },
  batchSize: 64,
  learningRate: 1e-2,
  lambda: 1,
  maxEpochs: 40,
  foldInEpochs: 8,
}
const gpuFactory = (s: Parameters<typeof createWebGpuEngine>[0]) => createWebGpuEngine(s)
const cpuFactory = (s: Parameters<typeof createFastCpuEngine>[0]) => createFastCpuEngine(s, { threads: 1 })

/** Every cell of an nRows × nCols matrix, row by row. */
function allCells(nRows: number, nCols: number): { rows: Int32Array; cols: Int32Array } {
  return {
    rows: Int32Array.from({ length: nRows * nCols }, (_, i) => Math.floor(i / nCols)),
    cols: Int32Array.from({ length: nRows * nCols }, (_, i) => i % nCols),
  }
}
function relativeDiff(a: Float64Array, b: Float64Array): number {
  let scale = 1e-30
  let err = 0
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]!), Math.abs(b[i]!))
    err = Math.max(err, Math.abs(a[i]! - b[i]!))
  }
  return err / scale
}

const open: Array<{ dispose(): void }> = []
afterAll(() => open.forEach((x) => x.dispose()))

let gpuModel: NnmfModel
let report: FitReport
beforeAll(async () => {
  gpuModel = createNnmfModel(gpuFactory, config)
  open.push(gpuModel)
  report = await gpuModel.fit(train, { seed: 3, validation })
})

describe('NNMF trained on the WebGPU engine', () => {
  it('learns: the held-out error falls well below that of predicting the training mean', async () => {
    expect(report.epochs).toBeGreaterThan(10)
    expect(gpuModel.engineUsed).toMatch(/^webgpu \(/)
    const mean = train.values.reduce((s, v) => s + v, 0) / train.values.length
    const baseline = rmse(new Float64Array(validation.values.length).fill(mean), validation.values)
    const ours = rmse(await gpuModel.predict(validation.rows, validation.cols), validation.values)
    expect(ours).toBeLessThan(0.5 * baseline)
  })

  it('follows the CPU fast path from the same seed (first epoch training loss)', async () => {
    const cpuModel = createNnmfModel(cpuFactory, { ...config, maxEpochs: 1 })
    open.push(cpuModel)
    const cpu = await cpuModel.fit(train, { seed: 3, validation })
    const a = report.curve[0]!.trainLoss
    const b = cpu.curve[0]!.trainLoss
    expect(Math.abs(a - b) / b).toBeLessThan(1e-4)
  })

  it('a checkpoint taken mid-training (toSaved in onEpochEnd) holds the live parameters', async () => {
    const model = createNnmfModel(gpuFactory, { ...config, maxEpochs: 3 })
    open.push(model)
    const { rows, cols } = allCells(N_OLD, N_COLS)
    let checkpoint: { saved: ReturnType<NnmfModel['toSaved']>; predicted: Float64Array } | undefined
    await model.fit(train, {
      seed: 5,
      onEpochEnd: async (p) => {
        if (p.epoch === 2) checkpoint = { saved: model.toSaved(), predicted: await model.predict(rows, cols) }
      },
    })
    expect(checkpoint).toBeDefined()
    const loaded = NnmfModel.fromSaved(checkpoint!.saved, cpuFactory)
    open.push(loaded)
    expect(relativeDiff(await loaded.predict(rows, cols), checkpoint!.predicted)).toBeLessThan(PREDICT_TOLERANCE)
    // Training went on after the checkpoint: the final model is not the checkpoint.
    expect(relativeDiff(await model.predict(rows, cols), checkpoint!.predicted)).toBeGreaterThan(1e-4)
  })

  it('saved, then loaded on the CPU fast path, predicts the same', async () => {
    const loaded = NnmfModel.fromSaved(gpuModel.toSaved(), cpuFactory)
    open.push(loaded)
    const { rows, cols } = allCells(N_OLD, N_COLS)
    const gpu = await gpuModel.predict(rows, cols)
    const cpu = await loaded.predict(rows, cols)
    expect(relativeDiff(gpu, cpu)).toBeLessThan(PREDICT_TOLERANCE)
  })

  it('folds new rows in on WebGPU as the CPU fast path does from the same saved model', async () => {
    const loaded = NnmfModel.fromSaved(gpuModel.toSaved(), cpuFactory)
    open.push(loaded)
    const onGpu: Predictor = await gpuModel.foldIn(newRows, { seed: 2 })
    const onCpu: Predictor = await loaded.foldIn(newRows, { seed: 2 })
    open.push(onGpu, onCpu)
    const { rows, cols } = allCells(N_NEW, N_COLS)
    const a = await onGpu.predict(rows, cols)
    const b = await onCpu.predict(rows, cols)
    expect(relativeDiff(a, b)).toBeLessThan(FOLD_IN_TOLERANCE)
    // And fold-in did move the new rows: their observed cells are fitted better than by the start.
    const fitted = rmse(await onGpu.predict(newRows.rows, newRows.cols), newRows.values)
    const unfitted = await gpuModel.foldIn(newRows, { seed: 2, epochs: 0 })
    open.push(unfitted)
    expect(fitted).toBeLessThan(rmse(await unfitted.predict(newRows.rows, newRows.cols), newRows.values))
  })
})
