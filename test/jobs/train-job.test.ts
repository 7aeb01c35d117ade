import { afterEach, describe, expect, it } from 'vitest'
import type { AppEvent } from '../../src-main/contract/api.js'
import { resultOf } from '../../src-main/contract/schemas.js'
import { loadModel } from '../../src-main/core/models/registry.js'
import { getModel, listModels, loadSavedModel } from '../../src-main/core/store/models.js'
import type { Workbench } from '../../src-main/services/workbench.js'
import { plantedLowRank, writePlantedDataset } from '../helpers/planted.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { openTestWorkbench } from '../helpers/workbench.js'

const tempDir = useTempDirs()
let workbench: Workbench | undefined
afterEach(() => workbench?.close())

function setup(): { wb: Workbench; datasetId: number; progress: AppEvent[] } {
  const wb = openTestWorkbench(tempDir())
  workbench = wb
  const matrix = plantedLowRank({ nRows: 300, nCols: 200, rank: 3, density: 0.3, noise: 0.1, seed: 1 })
  const datasetId = writePlantedDataset(wb.db, matrix)
  const progress: AppEvent[] = []
  wb.events.subscribe((event) => progress.push(event))
  return { wb, datasetId, progress }
}

const modelIdOf = (events: AppEvent[]): number | null => {
  for (const event of events) {
    if (event.type === 'jobProgress' && typeof event.payload.detail?.modelId === 'number') return event.payload.detail.modelId
  }
  return null
}

describe('training job', () => {
  it('trains and saves a model whose reload predicts the same', async () => {
    const { wb, datasetId } = setup()
    const job = wb.jobs.start('train', { datasetId, kind: 'mf', seed: 3 })
    const end = await wb.jobs.wait(job.jobId)
    expect(end.state).toBe('succeeded')
    const { modelId, validationRmse } = resultOf(end, 'train')!
    // The planted values have a standard deviation near √3 ≈ 1.7: predicting the mean scores about that.
    expect(validationRmse).toBeLessThan(0.5)
    const record = getModel(wb.db, modelId)!
    expect(record).toMatchObject({ status: 'complete', kind: 'mf', seed: 3 })
    expect(record.curve.length).toBeGreaterThan(0)
    const model = loadModel(loadSavedModel(wb.db, modelId))
    const prediction = await model.predict(Int32Array.from([0, 1]), Int32Array.from([0, 1]))
    expect(Array.from(prediction).every(Number.isFinite)).toBe(true)
  })

  it('streams NNMF epochs and obeys cancel within a second, marking the run cancelled', async () => {
    const { wb, datasetId, progress } = setup()
    const job = wb.jobs.start('train', { datasetId, kind: 'nnmf', seed: 0, overrides: { maxEpochs: 500, patience: 500 } })
    await expect.poll(() => modelIdOf(progress), { timeout: 60_000 }).not.toBeNull()
    const asked = Date.now()
    wb.jobs.cancel(job.jobId)
    const end = await wb.jobs.wait(job.jobId)
    expect(end.state).toBe('cancelled')
    expect(Date.now() - asked).toBeLessThan(1000)
    expect(getModel(wb.db, modelIdOf(progress)!)!.status).toBe('cancelled')
  })

  it('a kill -9 mid-training leaves the store intact and the run marked interrupted', async () => {
    const { wb, datasetId, progress } = setup()
    const job = wb.jobs.start('train', { datasetId, kind: 'nnmf', seed: 0, overrides: { maxEpochs: 500, patience: 500 } })
    await expect.poll(() => modelIdOf(progress), { timeout: 60_000 }).not.toBeNull()
    const pid = wb.jobs.get(job.jobId)!
    expect(pid.state).toBe('running')
    process.kill(wb.jobs.processId(job.jobId)!, 'SIGKILL')
    const end = await wb.jobs.wait(job.jobId)
    expect(end.state).toBe('failed')
    expect(end.error).toMatch(/stopped unexpectedly/)
    expect(wb.db.pragma('integrity_check', { simple: true })).toBe('ok')
    const runs = listModels(wb.db)
    expect(runs).toHaveLength(1)
    expect(runs[0]!.status).toBe('interrupted')
    // The last checkpoint is a loadable model.
    expect(Object.keys(loadSavedModel(wb.db, runs[0]!.id).blobs)).toContain('U')
  })
})
