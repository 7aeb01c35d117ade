import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chooseNnmfEngine, type EngineChoice } from '../../../src-main/core/models/nnmf/choose-engine.js'
import { getModel, listModels, loadResumeState, loadSavedModel } from '../../../src-main/core/store/models.js'
import { openDatabase, STORE_FILE_NAME, type Db } from '../../../src-main/core/store/open.js'
import { ResumeError, resumeTraining, trainAndSave, type TrainRunRequest } from '../../../src-main/core/runs/train-run.js'
import { plantedLowRank, writePlantedDataset } from '../../helpers/planted.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

/**
 * A training run cut off (cancelled, or its process killed) and resumed from its last checkpoint
 * ends with the model of an uninterrupted run with the same seed: the same parameters bit for bit
 * (same engine), the same chosen setting and the same search scores.
 */
const tempDir = useTempDirs('nnmf-resume-')
let engine: EngineChoice
const open: Db[] = []
beforeAll(async () => {
  engine = await chooseNnmfEngine('fastcpu')
})
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

function store(dir = tempDir()): { db: Db; datasetId: number; dir: string } {
  const db = openDatabase(dir)
  open.push(db)
  const matrix = plantedLowRank({ nRows: 80, nCols: 40, rank: 2, density: 0.4, noise: 0.3, seed: 4 })
  return { db, datasetId: writePlantedDataset(db, matrix), dir }
}

/** The finished model as stored: blobs, chosen setting, search, epochs. */
function outcome(db: Db, modelId: number) {
  const record = getModel(db, modelId)!
  const saved = loadSavedModel(db, modelId)
  const m = record.metrics as { hyperparameters: unknown; search: unknown; epochs: number; bestEpoch: number; validationRmse: number }
  return {
    status: record.status,
    blobs: Object.fromEntries(Object.entries(saved.blobs).map(([name, array]) => [name, Buffer.from(array.buffer).toString('base64')])),
    config: saved.config,
    hyperparameters: m.hyperparameters,
    search: m.search,
    epochs: m.epochs,
    bestEpoch: m.bestEpoch,
    validationRmse: m.validationRmse,
    curve: record.curve.map((p) => [p.epoch, p.validationLoss]),
  }
}

async function uninterrupted(request: Omit<TrainRunRequest, 'datasetId'>) {
  const { db, datasetId } = store()
  const { modelId } = await trainAndSave(db, { ...request, datasetId }, { engine })
  return outcome(db, modelId)
}

const small = { architecture: { d: 3, dPrime: 4, k: 1, hidden: [8] }, batchSize: 128, maxEpochs: 12, patience: 4 }
const runs: [string, Omit<TrainRunRequest, 'datasetId'>, number, number][] = [
  // Cancelled in the second of six MF settings (d 3 and 10 × λ 1, 10, 30), at its third epoch.
  ['MF with its search', { kind: 'mf', seed: 5, validationFraction: 0.1, overrides: { maxEpochs: 10, patience: 10 } }, 1, 3],
  // Cancelled in NNMF's second λ, fifth epoch: the first setting's model is the best so far.
  ['NNMF with its search', { kind: 'nnmf', seed: 3, validationFraction: 0.1, overrides: small }, 1, 5],
]

describe('resuming a training run', () => {
  for (const [name, request, candidate, epoch] of runs) {
    it(`${name}: cancelled midway and resumed, it ends with the uninterrupted run's model`, async () => {
      const expected = await uninterrupted(request)
      const { db, datasetId } = store()
      const abort = new AbortController()
      let modelId = 0
      await expect(
        trainAndSave(
          db,
          { ...request, datasetId },
          {
            engine,
            signal: abort.signal,
            checkpointEveryMs: 0,
            onProgress: (p) => {
              modelId = p.modelId!
              if (p.candidate === candidate && p.epoch === epoch) abort.abort(new Error('Cancelled.'))
            },
          },
        ),
      ).rejects.toThrow('Cancelled.')
      expect(getModel(db, modelId)!.status).toBe('cancelled')
      const state = loadResumeState(db, modelId)!
      expect(state.json).toMatchObject({ index: candidate, fit: { loop: { epoch } } })

      const epochs: string[] = []
      const result = await resumeTraining(db, modelId, { engine, onProgress: (p) => epochs.push(`${p.candidate}:${p.epoch}`) })
      expect(result.modelId).toBe(modelId)
      // It went on after the checkpoint, not from the start.
      expect(epochs[0]).toBe(`${candidate}:${epoch + 1}`)
      expect(outcome(db, modelId)).toEqual(expected)
      expect(loadResumeState(db, modelId)).toBeUndefined()
      expect(listModels(db)).toHaveLength(1)
      await expect(resumeTraining(db, modelId, { engine })).rejects.toMatchObject({ code: 'not-resumable' })
    })
  }

  it('a run whose process was killed resumes from its last checkpoint in another process to the same model', async () => {
    const request = runs[1]![1]
    const expected = await uninterrupted(request)
    const { db, datasetId, dir } = store()
    db.close()
    open.splice(0)
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'resume-child.ts'), dir, JSON.stringify({ ...request, datasetId })],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d
        // Killed in the second setting, a few epochs in (checkpoints every epoch).
        if (/epoch 1:4\n/.test(out)) resolve()
      })
      child.on('exit', (code) => reject(new Error(`the run ended (${code}) before it was killed: ${out} ${err}`)))
    })
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))

    const again = openDatabase(dir)
    open.push(again)
    const [run] = listModels(again)
    // Its process is gone: opening the store marked it interrupted.
    expect(run!.status).toBe('interrupted')
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok')
    await resumeTraining(again, run!.id, { engine })
    expect(outcome(again, run!.id)).toEqual(expected)
    expect(fs.existsSync(path.join(dir, STORE_FILE_NAME))).toBe(true)
  })

  it('refuses a run that is not interrupted or cancelled, one that does not exist, and one whose dataset changed', async () => {
    const { db, datasetId } = store()
    const { modelId } = await trainAndSave(db, { kind: 'bias', seed: 0, validationFraction: 0.1, datasetId }, { engine })
    await expect(resumeTraining(db, modelId, { engine })).rejects.toBeInstanceOf(ResumeError)
    await expect(resumeTraining(db, modelId, { engine })).rejects.toMatchObject({ code: 'not-resumable' })
    await expect(resumeTraining(db, 999, { engine })).rejects.toMatchObject({ code: 'no-such-model' })
    db.prepare("UPDATE models SET status = 'cancelled' WHERE id = ?").run(modelId)
    db.prepare("UPDATE datasets SET data_hash = 'changed'").run()
    await expect(resumeTraining(db, modelId, { engine })).rejects.toMatchObject({ code: 'dataset-changed' })
  })
})
