import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chooseNnmfEngine, type EngineChoice } from '../../../src-main/core/models/nnmf/choose-engine.js'
import { getModel, loadSavedModel } from '../../../src-main/core/store/models.js'
import { openDatabase, type Db } from '../../../src-main/core/store/open.js'
import { TRAIN_SEARCH } from '../../../src-main/core/training/hyperparameters.js'
import { trainAndSave, type TrainRunProgress } from '../../../src-main/core/runs/train-run.js'
import { createRng } from '../../../src-main/core/random.js'
import { writeDataset } from '../../../src-main/core/store/datasets.js'
import { plantedLowRank, writePlantedDataset } from '../../helpers/planted.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const tempDir = useTempDirs()
let engine: EngineChoice
let db: Db | undefined
beforeAll(async () => {
  engine = await chooseNnmfEngine('fastcpu')
})
afterEach(() => db?.close())

/** A small, noisy rank-2 table: few cells per row, so the right penalty matters. */
function plantedDb(): { db: Db; datasetId: number } {
  db = openDatabase(tempDir())
  const matrix = plantedLowRank({ nRows: 80, nCols: 40, rank: 2, density: 0.35, noise: 0.3, seed: 4 })
  return { db, datasetId: writePlantedDataset(db, matrix) }
}

const savedConfig = (db: Db, modelId: number) => (loadSavedModel(db, modelId).config as { model: Record<string, unknown> }).model

describe('train a model: λ (and d for MF) chosen on validation', () => {
  it('tries every MF setting of the grid in order, keeps the best on validation, and saves it', async () => {
    const { db, datasetId } = plantedDb()
    const progress: TrainRunProgress[] = []
    const result = await trainAndSave(db, { datasetId, kind: 'mf', seed: 2, validationFraction: 0.1 }, { engine, onProgress: (p) => progress.push(p) })

    const grid = TRAIN_SEARCH.mf
    expect(result.search.map(({ d, lambda }) => ({ d, lambda }))).toEqual(grid.dGrid.flatMap((d) => grid.lambdaGrid.map((lambda) => ({ d, lambda }))))
    const best = Math.min(...result.search.map((s) => s.validationLoss!))
    expect(result.search.find((s) => s.validationLoss === best)).toMatchObject(result.hyperparameters)
    // The grid's ends differ on this table: the choice is not a formality.
    const losses = result.search.map((s) => s.validationLoss!)
    expect(Math.max(...losses)).toBeGreaterThan(1.2 * best)

    // Progress walks the settings in order and says which one trains.
    const seen = [...new Set(progress.map((p) => p.candidate))]
    expect(seen).toEqual(result.search.map((_, i) => i))
    for (const p of progress) {
      expect(p.candidates).toBe(result.search.length)
      expect(result.search[p.candidate]).toMatchObject(p.hyperparameters)
    }

    const record = getModel(db, result.modelId)!
    expect(record.status).toBe('complete')
    expect(record.metrics).toMatchObject({ hyperparameters: result.hyperparameters, search: result.search })
    expect(savedConfig(db, result.modelId)).toMatchObject({
      d: result.hyperparameters.d,
      lambda: result.hyperparameters.lambda,
      lambdaBias: result.hyperparameters.lambda,
    })
    // The stored curve is the chosen setting's.
    expect(record.curve.length).toBe(result.epochs)
  })

  it('pins what the request pins: one setting, the same configuration a pilot trained', async () => {
    const { db, datasetId } = plantedDb()
    const bias = await trainAndSave(db, { datasetId, kind: 'bias', seed: 0, validationFraction: 0.1, overrides: { lambda: 3 } }, { engine })
    expect(bias.search).toHaveLength(1)
    expect(bias.hyperparameters).toEqual({ d: null, lambda: 3 })
    // The bias model's λ is its bias penalty (a pilot's chosen λ used to be dropped here).
    expect(savedConfig(db, bias.modelId)).toMatchObject({ lambdaBias: 3 })

    const mf = await trainAndSave(db, { datasetId, kind: 'mf', seed: 0, validationFraction: 0.1, overrides: { lambda: 2 } }, { engine })
    expect(mf.search.map((s) => s.d)).toEqual([...TRAIN_SEARCH.mf.dGrid])
    expect(mf.search.every((s) => s.lambda === 2)).toBe(true)

    const mean = await trainAndSave(db, { datasetId, kind: 'mean', seed: 0, validationFraction: 0.1 }, { engine })
    expect(mean.search).toHaveLength(1)
    expect(mean.hyperparameters).toEqual({ d: null, lambda: null })
  })

  it('on a 0/1 failure table trains with logistic loss and reports AUC and average precision', async () => {
    db = openDatabase(tempDir())
    // Equipment × failure modes: failure odds from a rank-2 interaction, most cells 0.
    const rng = createRng(8)
    const [nRows, nCols] = [150, 30]
    const u = Array.from({ length: nRows * 2 }, () => rng.normal())
    const v = Array.from({ length: nCols * 2 }, () => rng.normal())
    const rows: number[] = []
    const cols: number[] = []
    const values: number[] = []
    for (let r = 0; r < nRows; r++) {
      for (let c = 0; c < nCols; c++) {
        if (rng.next() >= 0.5) continue
        const z = 2 * (u[2 * r]! * v[2 * c]! + u[2 * r + 1]! * v[2 * c + 1]!) - 2
        rows.push(r)
        cols.push(c)
        values.push(rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0)
      }
    }
    const matrix = { nRows, nCols, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Float64Array.from(values) }
    const datasetId = writeDataset(db, {
      name: 'failures',
      valueKind: 'binary',
      layout: 'wide',
      matrix,
      rowLabels: Array.from({ length: nRows }, (_, i) => `unit${i}`),
      colLabels: Array.from({ length: nCols }, (_, i) => `mode${i}`),
      provenance: { fileName: 'planted', fileSize: 0, sha256: '', options: {}, counts: {}, issues: [], startedAt: new Date().toISOString() },
    })
    const mf = await trainAndSave(db, { datasetId, kind: 'mf', seed: 0, validationFraction: 0.15 }, { engine })
    const base = await trainAndSave(db, { datasetId, kind: 'bias', seed: 0, validationFraction: 0.15 }, { engine })
    const metricsOf = (id: number) => getModel(db!, id)!.metrics as { validationAuc: number; validationAveragePrecision: number; validationLogLoss: number }
    const [ours, baseline] = [metricsOf(mf.modelId), metricsOf(base.modelId)]
    expect(savedConfig(db, mf.modelId)).toMatchObject({ loss: 'logistic' })
    const positives = values.reduce((a, b) => a + b, 0) / values.length
    // Both are rankings better than chance; MF's latents see the interaction the biases cannot.
    expect(baseline.validationAuc).toBeGreaterThan(0.5)
    expect(ours.validationAuc).toBeGreaterThan(baseline.validationAuc + 0.05)
    expect(ours.validationAveragePrecision).toBeGreaterThan(positives + 0.1)
    expect(ours.validationLogLoss).toBeLessThan(baseline.validationLogLoss)
  })
})
