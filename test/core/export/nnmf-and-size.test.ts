import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse'
import { afterEach, describe, expect, it } from 'vitest'
import { exportCompletedMatrix } from '../../../src-main/core/export/completed-matrix.js'
import { exportMissingPredictions } from '../../../src-main/core/export/missing-predictions.js'
import { createFastCpuEngine } from '../../../src-main/core/models/nnmf/fastcpu/index.js'
import { chooseNnmfEngine } from '../../../src-main/core/models/nnmf/choose-engine.js'
import { createNnmfModel } from '../../../src-main/core/models/nnmf/model.js'
import { loadModel } from '../../../src-main/core/models/registry.js'
import { loadSavedModel, saveModel } from '../../../src-main/core/store/models.js'
import { observedMap, removeTempDirs, storeWithModels } from './helpers.js'

afterEach(removeTempDirs)

describe('exports of an NNMF model', () => {
  it('predict the missing cells with the engine kind that trained the model, bitwise', async () => {
    const f = await storeWithModels({ nRows: 40, nCols: 12, fraction: 0.5, kind: 'numeric', models: [] })
    const nnmf = createNnmfModel((s) => createFastCpuEngine(s, { threads: 1 }), { maxEpochs: 3, batchSize: 64 })
    await nnmf.fit(f.matrix, { seed: 5 })
    const id = saveModel(f.db, {
      datasetId: f.datasetId,
      name: 'NNMF',
      backend: 'wasm',
      engine: nnmf.engineUsed,
      seed: 5,
      dataHash: 'x',
      status: 'complete',
      saved: nnmf.toSaved(),
    })
    nnmf.dispose()
    expect(nnmf.engineUsed).toMatch(/^fastcpu/)
    const file = path.join(f.dir, 'nnmf.csv')
    await exportMissingPredictions(f.db, [id], { format: 'csv' }, file)
    const table = (await parse(fs.readFileSync(file), { bom: true }).toArray()) as string[][]

    const seen = observedMap(f.matrix)
    const rows: number[] = []
    const cols: number[] = []
    for (let r = 0; r < 40; r++)
      for (let c = 0; c < 12; c++)
        if (!seen.has(`${r},${c}`)) {
          rows.push(r)
          cols.push(c)
        }
    const engine = await chooseNnmfEngine('fastcpu')
    const model = loadModel(loadSavedModel(f.db, id), { nnmfEngine: engine.factory })
    const predicted = await model.predict(Int32Array.from(rows), Int32Array.from(cols))
    model.dispose()
    expect(table.slice(1).map((line) => Number(line[2]))).toEqual([...predicted])
    expect(table.slice(1).every((line) => line[5] === `nnmf#${id}`)).toBe(true)
    f.db.close()
  })
})

describe('a SECOM-sized matrix (1567 × 590 = 924,530 cells)', () => {
  it('exports wide and long CSV across several blocks with every cell in place', async () => {
    const f = await storeWithModels({
      nRows: 1567,
      nCols: 590,
      fraction: 0.95,
      kind: 'numeric',
      models: [{ kind: 'bias', seed: 0 }],
      labels: (p, i) => (p === 'row' ? `run_${i + 1}` : `sensor_${i + 1}`),
    })
    const id = f.modelIds[0]!
    // The expected completed matrix, dense: stored values, then the model's predictions (one call) in the gaps.
    const want = new Float64Array(924_530).fill(NaN)
    for (let i = 0; i < f.matrix.values.length; i++) want[f.matrix.rows[i]! * 590 + f.matrix.cols[i]!] = f.matrix.values[i]!
    const missing: number[] = []
    want.forEach((v, k) => Number.isNaN(v) && missing.push(k))
    const predicted = await loadModel(loadSavedModel(f.db, id)).predict(
      Int32Array.from(missing, (k) => Math.floor(k / 590)),
      Int32Array.from(missing, (k) => k % 590),
    )
    const isPredicted = new Uint8Array(924_530)
    missing.forEach((k, i) => ((want[k] = predicted[i]!), (isPredicted[k] = 1)))

    const wide = path.join(f.dir, 'wide.csv')
    const summary = await exportCompletedMatrix(f.db, id, { format: 'csv', layout: 'wide' }, wide)
    expect(summary).toMatchObject({ cells: 924_530, predicted: missing.length })
    // Read back as a stream, checking every cell against the stored value or the prediction.
    let r = -1
    let mismatches = 0
    for await (const line of fs.createReadStream(wide).pipe(parse({ bom: true })) as AsyncIterable<string[]>) {
      if (r >= 0) {
        if (line[0] !== `run_${r + 1}` || line.length !== 591) mismatches++
        for (let c = 0; c < 590; c++) if (Number(line[c + 1]) !== want[r * 590 + c]) mismatches++
      }
      r++
    }
    expect(r).toBe(1567)
    expect(mismatches).toBe(0)

    const long = path.join(f.dir, 'long.csv')
    await exportCompletedMatrix(f.db, id, { format: 'csv', layout: 'long' }, long)
    let n = 0
    let predictedLines = 0
    for await (const line of fs.createReadStream(long).pipe(parse({ bom: true, from_line: 2 })) as AsyncIterable<string[]>) {
      if (isPredicted[n] === 1) predictedLines++
      if (line[3] !== (isPredicted[n] === 1 ? 'predicted' : 'observed') || Number(line[2]) !== want[n]) mismatches++
      n++
    }
    expect(n).toBe(924_530)
    expect(predictedLines).toBe(missing.length)
    expect(mismatches).toBe(0)
    f.db.close()
  })
})
