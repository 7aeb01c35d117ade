import { describe, expect, it } from 'vitest'
import { chooseNnmfEngine } from '../../src-main/core/models/nnmf/choose-engine.js'
import { getModel, loadSavedModel } from '../../src-main/core/store/models.js'
import { openDatabase, type Db } from '../../src-main/core/store/open.js'
import { trainAndSave, type TrainRunRequest } from '../../src-main/core/runs/train-run.js'
import { plantedLowRank, writePlantedDataset } from '../helpers/planted.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { cli, json } from './helpers.js'

const tempDir = useTempDirs('nnmf-cli-resume-')
const request: Omit<TrainRunRequest, 'datasetId'> = {
  kind: 'nnmf',
  seed: 2,
  validationFraction: 0.1,
  engine: 'fastcpu',
  overrides: { architecture: { d: 3, dPrime: 4, k: 1, hidden: [8] }, batchSize: 128, maxEpochs: 10, patience: 4 },
}
const planted = () => plantedLowRank({ nRows: 80, nCols: 30, rank: 2, density: 0.5, noise: 0.2, seed: 6 })
const blobs = (db: Db, id: number) =>
  Object.fromEntries(Object.entries(loadSavedModel(db, id).blobs).map(([name, a]) => [name, Buffer.from(a.buffer).toString('base64')]))

describe('CLI resume', () => {
  it("takes a cancelled run up again from its checkpoint to the uninterrupted run's model, and refuses what it cannot resume", async () => {
    const engine = await chooseNnmfEngine('fastcpu')
    const reference = openDatabase(tempDir())
    const whole = await trainAndSave(reference, { ...request, datasetId: writePlantedDataset(reference, planted()) }, { engine })
    const expected = blobs(reference, whole.modelId)
    reference.close()

    const dataDir = tempDir()
    const db = openDatabase(dataDir)
    const datasetId = writePlantedDataset(db, planted())
    const abort = new AbortController()
    let modelId = 0
    await trainAndSave(
      db,
      { ...request, datasetId },
      {
        engine,
        signal: abort.signal,
        checkpointEveryMs: 0,
        onProgress: (p) => {
          modelId = p.modelId!
          if (p.candidate === 1 && p.epoch === 4) abort.abort(new Error('Cancelled.'))
        },
      },
    ).catch(() => {})
    db.close()

    const run = await cli(['resume', '--model', String(modelId), '--data-dir', dataDir, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/Resuming model \d+ .*\(cancelled, nnmf on dataset \d+, seed 2\); engine: fastcpu/)
    expect(json(run)).toMatchObject({ ok: true, command: 'resume', model: { id: modelId, status: 'complete', kind: 'nnmf' }, engine: 'fastcpu' })
    const after = openDatabase(dataDir)
    expect(blobs(after, modelId)).toEqual(expected)
    expect(getModel(after, modelId)!.metrics).toMatchObject({ resumed: true })
    after.close()

    const again = await cli(['resume', '--model', String(modelId), '--data-dir', dataDir, '--json'])
    expect(again.code).toBe(2)
    expect(json(again)).toMatchObject({ ok: false, error: { exitCode: 2, code: 'not-resumable' } })
    expect(again.stderr).toContain(`nnmf-workbench resume: Model ${modelId} is complete`)
    const unknown = await cli(['resume', '--model', '999', '--data-dir', dataDir, '--json'])
    expect(json(unknown)).toMatchObject({ ok: false, error: { exitCode: 2, code: 'no-such-model' } })
    const missing = await cli(['resume', '--data-dir', dataDir])
    expect(missing.code).toBe(2)
  }, 120_000)
})
