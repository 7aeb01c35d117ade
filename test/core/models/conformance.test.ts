import { describe, expect, it } from 'vitest'
import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import type { Model, SavedModel } from '../../../src-main/core/models/model.js'
import { createReferenceEngine } from '../../../src-main/core/models/nnmf/reference-engine.js'
import { loadModel } from '../../../src-main/core/models/registry.js'
import { MODEL_SPECS, type AnyModelSpec } from '../../../src-main/core/models/specs.js'
import type { TargetConfig } from '../../../src-main/core/fitting/targets.js'
import { plant } from './planted.js'

/**
 * Every registered model through one suite (after Surprise's test of all its algorithms): fit,
 * predict, save and reload bit for bit, fold in new rows, cancel, per-column scaling and 0/1 data.
 * A new model in models/specs.ts is tested here without a line of this file changing.
 */
const runtime = { nnmfEngine: createReferenceEngine }
/** Small settings every model may read (the others ignore them): a tiny network, a few epochs. */
const QUICK = { maxEpochs: 4, architecture: { d: 2, dPrime: 3, k: 1, hidden: [6] }, batchSize: 64, learningRate: 1e-2, d: 2 }

function make(spec: AnyModelSpec, target: TargetConfig): Model {
  return spec.create({ ...target, ...QUICK }, runtime)
}

const lowRank = (r: number, c: number): number => 3 + Math.sin(r) * Math.cos(c) + 0.5 * Math.cos(r / 3)
const planted = plant(40, 12, 0.7, lowRank, { seed: 5, noise: 0.1 })

/** Rows 30..39 as new rows 0..9: half their cells known, the other half to predict. */
function newRowsOf(m: SparseMatrix): { known: SparseMatrix; toPredict: { rows: Int32Array; cols: Int32Array } } {
  const known: [number, number, number][] = []
  const toPredict: [number, number][] = []
  for (let e = 0; e < m.values.length; e++) {
    if (m.rows[e]! < 30) continue
    if (e % 2 === 0) known.push([m.rows[e]! - 30, m.cols[e]!, m.values[e]!])
    else toPredict.push([m.rows[e]! - 30, m.cols[e]!])
  }
  return {
    known: {
      nRows: 10,
      nCols: m.nCols,
      rows: Int32Array.from(known, (x) => x[0]),
      cols: Int32Array.from(known, (x) => x[1]),
      values: Float64Array.from(known, (x) => x[2]),
    },
    toPredict: { rows: Int32Array.from(toPredict, (x) => x[0]), cols: Int32Array.from(toPredict, (x) => x[1]) },
  }
}

function firstRows(m: SparseMatrix, n: number): SparseMatrix {
  const keep = Array.from(m.rows.keys()).filter((e) => m.rows[e]! < n)
  return {
    nRows: m.nRows,
    nCols: m.nCols,
    rows: Int32Array.from(keep, (e) => m.rows[e]!),
    cols: Int32Array.from(keep, (e) => m.cols[e]!),
    values: Float64Array.from(keep, (e) => m.values[e]!),
  }
}

/** As the store keeps it: the config through JSON, blobs as fresh copies. */
function throughStore(saved: SavedModel): SavedModel {
  const blobs = Object.fromEntries(Object.entries(saved.blobs).map(([name, b]) => [name, new Float32Array(b)]))
  return { kind: saved.kind, config: JSON.parse(JSON.stringify(saved.config)) as Record<string, unknown>, blobs }
}

describe.each(MODEL_SPECS.map((spec) => [spec.kind, spec] as const))('model %s', (kind, spec) => {
  const target: TargetConfig = { loss: 'squared', scaling: false }

  it('fits with a report that adds up and predicts finite values near the data', async () => {
    const model = make(spec, target)
    expect(model.kind).toBe(kind)
    const progress: number[] = []
    const report = await model.fit(planted.train, { validation: firstRows(planted.test, 40), seed: 1, onProgress: (p) => progress.push(p.epoch) })
    expect(report.epochs).toBeGreaterThanOrEqual(1)
    expect(report.bestEpoch).toBeGreaterThanOrEqual(1)
    expect(report.bestEpoch).toBeLessThanOrEqual(report.epochs)
    expect(report.curve).toHaveLength(report.epochs)
    expect(progress).toEqual(report.curve.map((p) => p.epoch))
    expect(Number.isFinite(report.bestValidationLoss)).toBe(true)
    const predicted = await model.predict(planted.test.rows, planted.test.cols)
    expect(predicted).toHaveLength(planted.test.values.length)
    for (const v of predicted) expect(v).toBeGreaterThan(0.5) // the values lie in about [1.5, 4.5]
    for (const v of predicted) expect(v).toBeLessThan(6)
    model.dispose()
  })

  it('is reproducible from its seed, and a saved and reloaded model predicts bit for bit the same', async () => {
    const a = make(spec, target)
    const b = make(spec, target)
    await a.fit(planted.train, { seed: 3 })
    await b.fit(planted.train, { seed: 3 })
    const pa = await a.predict(planted.test.rows, planted.test.cols)
    expect(await b.predict(planted.test.rows, planted.test.cols)).toEqual(pa)
    const saved = a.toSaved()
    expect(saved.kind).toBe(kind)
    for (const blob of Object.values(saved.blobs)) expect(blob).toBeInstanceOf(Float32Array)
    const reloaded = loadModel(throughStore(saved), runtime)
    const pr = await reloaded.predict(planted.test.rows, planted.test.cols)
    expect(Array.from(pr).every((v, i) => Object.is(v, pa[i]))).toBe(true)
    for (const m of [a, b, reloaded]) m.dispose()
  })

  it('folds in new rows without retraining: finite predictions, the same from a reloaded model', async () => {
    const train = firstRows(planted.train, 30)
    const model = make(spec, target)
    await model.fit(train, { seed: 2 })
    const { known, toPredict } = newRowsOf(planted.train)
    const folded = await model.foldIn(known, { seed: 4, epochs: 3 })
    const predicted = await folded.predict(toPredict.rows, toPredict.cols)
    expect(predicted).toHaveLength(toPredict.rows.length)
    for (const v of predicted) expect(Number.isFinite(v)).toBe(true)
    folded.dispose()
    const reloaded = loadModel(throughStore(model.toSaved()), runtime)
    const again = await reloaded.foldIn(known, { seed: 4, epochs: 3 })
    expect(await again.predict(toPredict.rows, toPredict.cols)).toEqual(predicted)
    for (const m of [again, model, reloaded]) m.dispose()
  })

  it('stops with the abort reason when cancelled', async () => {
    const model = make(spec, target)
    const controller = new AbortController()
    controller.abort(new DOMException('cancelled by the test', 'AbortError'))
    await expect(model.fit(planted.train, { seed: 0, signal: controller.signal })).rejects.toThrow('cancelled by the test')
    model.dispose()
  })

  it("with per-column scaling predicts in each column's own units: the same table in other units gives the same predictions in those units", async () => {
    const scale = (c: number): number => 10 ** (c % 4) // columns in units 1, 10, 100, 1000
    const offset = (c: number): number => 50 * c
    const inUnits: SparseMatrix = {
      ...planted.train,
      values: Float64Array.from(planted.train.values, (v, e) => v * scale(planted.train.cols[e]!) + offset(planted.train.cols[e]!)),
    }
    const scaledTarget: TargetConfig = { loss: 'squared', scaling: true }
    const plain = make(spec, scaledTarget)
    const other = make(spec, scaledTarget)
    await plain.fit(planted.train, { seed: 6 })
    await other.fit(inUnits, { seed: 6 })
    const p = await plain.predict(planted.test.rows, planted.test.cols)
    const q = await other.predict(planted.test.rows, planted.test.cols)
    for (let i = 0; i < p.length; i++) {
      const c = planted.test.cols[i]!
      expect(Math.abs((q[i]! - offset(c)) / scale(c) - p[i]!)).toBeLessThan(1e-3)
    }
    plain.dispose()
    other.dispose()
  })

  it('predicts probabilities on 0/1 data', async () => {
    const binary = plant(40, 12, 0.7, (r, c) => ((r + c) % 3 === 0 ? 1 : 0), { seed: 8, noise: 0 })
    const model = make(spec, { loss: 'logistic', scaling: false })
    await model.fit(binary.train, { seed: 0 })
    for (const v of await model.predict(binary.test.rows, binary.test.cols)) {
      expect(v).toBeGreaterThan(0)
      expect(v).toBeLessThan(1)
    }
    model.dispose()
  })
})
