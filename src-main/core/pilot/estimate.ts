import type { SparseMatrix } from '../matrix/sparse.js'
import { createMfModel } from '../models/mf.js'
import type { NnmfEngineFactory } from '../models/nnmf/engine.js'
import { createNnmfModel, NNMF_TYPICAL_BEST_EPOCH } from '../models/nnmf/model.js'
import { ALS_TYPICAL_SWEEPS, type Throughput } from '../models/spec.js'
import { MODEL_KINDS, specOf } from '../models/specs.js'
import { createRng } from '../random.js'
import { effortOf, parsePilotConfig, type PilotConfig, type PilotModelKind, type ResolvedPilotConfig } from './config.js'
import { effortSection, type EffortPreset } from './effort.js'

/**
 * Time estimate of a pilot from the data size, the effort and the machine's measured throughput:
 * each model's spec prices one split of its work (`pilot.estimateSeconds`), on nTrain = training
 * entries after the test and validation hold-outs. The cost models, per repeat:
 *  - NNMF: per λ candidate, E epochs of nTrain entries at `nnmfEntriesPerSecond` (measured with the
 *    validation scoring included), E = min(maxEpochs, typical best epoch + patience);
 *  - MF: per (D, λ) candidate, S sweeps of nTrain entries at `mfEntriesPerSecond` (measured at
 *    D = 10) scaled by ((D + 1) / 11)² (ALS cost per entry is (D + 1)²), S = min(maxEpochs, typical + patience);
 *  - bias: the same with D = 0 (floored: scoring costs dominate there); mean: the split's overhead;
 *  - new-rows: NNMF fold-in epochs over the known cells (a latent-only step: half an epoch's cost).
 * The typical epoch counts are calibrated on SECOM (bench/pilot.ts); they are the shaky part.
 */
export const ESTIMATE_CALIBRATION = {
  nnmfTypicalBestEpoch: NNMF_TYPICAL_BEST_EPOCH,
  mfTypicalSweeps: ALS_TYPICAL_SWEEPS,
} as const

export type { Throughput }

export interface DatasetShape {
  nRows: number
  nCols: number
  nObserved: number
}

export interface PilotEstimate {
  totalSeconds: number
  perModelSeconds: Record<PilotModelKind, number>
  repeats: number
}

/** Seconds of one repeat's work per model. */
export function repeatWorkSeconds(
  shape: DatasetShape,
  config: ResolvedPilotConfig,
  effort: EffortPreset,
  throughput: Throughput,
): Record<PilotModelKind, number> {
  const kept = shape.nObserved * (1 - config.holdoutFraction)
  const nTrain = kept * (1 - effort.validationFraction)
  const nFoldIn = config.goal === 'new-rows' ? shape.nObserved * config.holdoutFraction * 0.5 : null
  const base = { nTrain, nRows: shape.nRows, nCols: shape.nCols, nObserved: shape.nObserved, nFoldIn, throughput }
  return Object.fromEntries(config.models.map((m) => [m, specOf(m).pilot.estimateSeconds({ ...base, section: effortSection(effort, m) })])) as Record<
    PilotModelKind,
    number
  >
}

export function estimatePilotSeconds(shape: DatasetShape, config: PilotConfig | ResolvedPilotConfig, throughput: Throughput): PilotEstimate {
  const resolved = parsePilotConfig(config as PilotConfig)
  const effort = effortOf(resolved)
  const perRepeat = repeatWorkSeconds(shape, resolved, effort, throughput)
  const perModelSeconds = Object.fromEntries(MODEL_KINDS.map((m) => [m, 0])) as Record<PilotModelKind, number>
  let totalSeconds = 0
  for (const m of resolved.models) {
    perModelSeconds[m] = perRepeat[m] * effort.repeats
    totalSeconds += perModelSeconds[m]
  }
  return { totalSeconds, perModelSeconds, repeats: effort.repeats }
}

/** A planted low-rank matrix for the micro-run (the values do not matter, the sizes do). */
function microMatrix(nRows: number, nCols: number, fraction: number, seed: number): SparseMatrix {
  const rng = createRng(seed)
  const rows: number[] = []
  const cols: number[] = []
  const values: number[] = []
  const u = Float64Array.from({ length: nRows }, () => rng.normal())
  const v = Float64Array.from({ length: nCols }, () => rng.normal())
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      if (rng.next() >= fraction) continue
      rows.push(r)
      cols.push(c)
      values.push(u[r]! * v[c]! + 0.1 * rng.normal())
    }
  }
  return { nRows, nCols, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Float64Array.from(values) }
}

/**
 * Measures this machine's throughput with a short seeded micro-run (~1-5 s): NNMF with the
 * paper's network on the given engine, and ALS MF at D = 10, on 600 × 400 cells at 40 % observed
 * (~96k entries) with a 5 % validation slice: the median epoch time after the first (warm-up).
 */
export async function measureThroughput(engineFactory: NnmfEngineFactory, options: { signal?: AbortSignal; epochs?: number } = {}): Promise<Throughput> {
  const data = microMatrix(600, 400, 0.4, 7)
  const n = data.values.length
  const nVal = Math.floor(n * 0.05)
  // Entries are in row order: interleave the validation slice by taking every 20th entry.
  const isVal = (i: number): boolean => i % 20 === 0 && i / 20 < nVal
  const idxTrain = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !isVal(i))
  const idxVal = Int32Array.from({ length: n }, (_, i) => i).filter(isVal)
  const sub = (idx: Int32Array): SparseMatrix => ({
    nRows: data.nRows,
    nCols: data.nCols,
    rows: Int32Array.from(idx, (i) => data.rows[i]!),
    cols: Int32Array.from(idx, (i) => data.cols[i]!),
    values: Float64Array.from(idx, (i) => data.values[i]!),
  })
  const train = sub(idxTrain)
  const validation = sub(idxVal)
  // Per-epoch times are noisy on a busy machine: take the median interval, after the first epoch.
  const epochs = Math.max(3, options.epochs ?? 4)
  const signal = options.signal

  const nnmf = createNnmfModel(engineFactory, { scaling: true, maxEpochs: epochs, patience: epochs + 1, learningRate: 5e-3 })
  let nnmfReport
  try {
    nnmfReport = await nnmf.fit(train, { validation, seed: 0, ...(signal ? { signal } : {}) })
  } finally {
    nnmf.dispose()
  }
  const mf = createMfModel({ scaling: true, d: 10, lambda: 10, maxEpochs: 2 * epochs, patience: 2 * epochs + 1 })
  const mfReport = await mf.fit(train, { validation, seed: 0, ...(signal ? { signal } : {}) })
  const perEpochMs = (curve: { elapsedMs: number }[]): number => {
    const steps = curve
      .slice(1)
      .map((p, i) => p.elapsedMs - curve[i]!.elapsedMs)
      .sort((a, b) => a - b)
    return Math.max(1e-3, steps[Math.floor(steps.length / 2)]!)
  }
  return {
    nnmfEntriesPerSecond: train.values.length / (perEpochMs(nnmfReport.curve) / 1000),
    mfEntriesPerSecond: train.values.length / (perEpochMs(mfReport.curve) / 1000),
  }
}
