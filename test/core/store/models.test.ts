import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBiasModel } from '../../../src-main/core/models/bias.js'
import { createMfModel } from '../../../src-main/core/models/mf.js'
import { loadModel } from '../../../src-main/core/models/registry.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import {
  deleteModel,
  finishModel,
  getModel,
  listModels,
  loadSavedModel,
  markInterruptedRuns,
  saveModel,
  writeCheckpoint,
} from '../../../src-main/core/store/models.js'
import { lowRank, plant } from '../models/planted.js'

const dirs: string[] = []
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-models-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

const data = plant(60, 40, 0.4, lowRank(60, 40, 2, 1), { seed: 1, noise: 0.1 })
const base = { datasetId: null, name: 'MF d=2', backend: 'typed arrays', engine: 'als', seed: 3, dataHash: 'abc' } as const

describe('models store', () => {
  it('creates the models tables', () => {
    const db = openDatabase(tempDir())
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()
    expect(tables).toEqual(expect.arrayContaining(['models', 'model_blobs']))
    db.close()
  })

  it('round-trips a model so it predicts bitwise the same after reopening the store', async () => {
    const dir = tempDir()
    const model = createMfModel({ d: 2, lambda: 1 })
    const report = await model.fit(data.train, { seed: 3 })
    const before = await model.predict(data.test.rows, data.test.cols)
    let db = openDatabase(dir)
    const id = saveModel(db, { ...base, status: 'complete', saved: model.toSaved(), metrics: { rmse: 0.1 }, curve: report.curve })
    db.close()
    db = openDatabase(dir)
    const loaded = loadModel(loadSavedModel(db, id))
    const after = await loaded.predict(data.test.rows, data.test.cols)
    expect(Buffer.from(after.buffer).equals(Buffer.from(before.buffer))).toBe(true)
    const record = getModel(db, id)!
    expect(record).toMatchObject({ kind: 'mf', status: 'complete', seed: 3, metrics: { rmse: 0.1 }, engine: 'als' })
    expect(record.curve).toHaveLength(report.curve.length)
    expect(listModels(db).map((m) => m.id)).toEqual([id])
    db.close()
  })

  it('replaces blobs on checkpoint and marks runs left training as interrupted', async () => {
    const db = openDatabase(tempDir())
    const model = createBiasModel()
    await model.fit(data.train, { seed: 0 })
    const running = saveModel(db, { ...base, status: 'training', saved: model.toSaved() })
    const done = saveModel(db, { ...base, status: 'training', saved: model.toSaved() })
    const mf = createMfModel({ d: 2 })
    const report = await mf.fit(data.train, { seed: 0 })
    writeCheckpoint(db, running, mf.toSaved(), report.curve)
    expect(Object.keys(loadSavedModel(db, running).blobs).sort()).toEqual(['U', 'V', 'colBias', 'rowBias'])
    expect(loadSavedModel(db, running).blobs.U).toEqual(mf.toSaved().blobs.U)
    expect(getModel(db, running)!.curve).toHaveLength(report.curve.length)
    finishModel(db, done, { status: 'complete', metrics: { rmse: 1 } })
    expect(markInterruptedRuns(db)).toBe(1)
    expect(getModel(db, running)!.status).toBe('interrupted')
    expect(getModel(db, done)!.status).toBe('complete')
    expect(() => writeCheckpoint(db, 999, mf.toSaved(), [])).toThrow(/No model with id 999/)
    expect(deleteModel(db, running)).toBe(true)
    expect(db.prepare('SELECT COUNT(*) FROM model_blobs WHERE model_id = ?').pluck().get(running)).toBe(0)
    db.close()
  })
})
