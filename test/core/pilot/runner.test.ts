import { describe, expect, it } from 'vitest'
import { PILOT_MODELS } from '../../../src-main/core/pilot/config.js'
import { PilotError, runPilot, type PilotProgress } from '../../../src-main/core/pilot/runner.js'
import { createRng } from '../../../src-main/core/random.js'
import { SMALL_EFFORT, TEST_ENGINE, inputOf, lowRank, plantedMatrix } from './helpers.js'

const FAST = { ...SMALL_EFFORT, nnmf: { ...SMALL_EFFORT.nnmf, maxEpochs: 15, patience: 3 } }
const matrix = plantedMatrix(60, 50, 0.8, lowRank(60, 50, 2, 1), { seed: 3, noise: 0.2, times: true })
const config = { datasetId: 1, effortOverrides: FAST }

describe('runPilot', () => {
  it('gives identical results for the same seed, JSON-safe, with progress to the end', async () => {
    const events: PilotProgress[] = []
    const a = await runPilot(inputOf(matrix), config, { engine: TEST_ENGINE, now: () => 0, onProgress: (p) => events.push(p) })
    const b = await runPilot(inputOf(matrix), config, { engine: TEST_ENGINE, now: () => 0 })
    expect(b).toEqual(a)
    expect(JSON.parse(JSON.stringify(a))).toEqual(a)
    const c = await runPilot(inputOf(matrix), { ...config, seed: 1 }, { engine: TEST_ENGINE, now: () => 0 })
    expect(c.runs.map((r) => r.metrics.rmse)).not.toEqual(a.runs.map((r) => r.metrics.rmse))

    expect(a.runs).toHaveLength(3 * PILOT_MODELS.length)
    expect(a.summary.map((s) => s.model)).toEqual([...PILOT_MODELS])
    expect(a.engine).toEqual({ name: 'fastcpu', label: TEST_ENGINE.label, backend: null })
    expect(a.primaryMetric).toBe('rmse')
    for (const run of a.runs) expect(run.curve.length).toBeGreaterThan(0)
    const nnmfEpochs = events.filter((e) => e.model === 'nnmf' && e.epoch !== null)
    expect(nnmfEpochs.length).toBeGreaterThan(3)
    expect(nnmfEpochs[0]).toMatchObject({ phase: 'training', repeat: 0, epoch: 1, maxEpochs: 15 })
    expect(nnmfEpochs[0]!.validationLoss).toBeGreaterThan(0)
    const fractions = events.map((e) => e.fraction)
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!)
    expect(events.at(-1)).toMatchObject({ phase: 'done', fraction: 1, etaSeconds: 0 })
    expect(a.perColumn).toHaveLength(50)
    expect(a.scatter.actual.length).toBe(a.splits.reduce((s, x) => s + x.nTest, 0))
  })

  it('stops within a second when cancelled', async () => {
    const controller = new AbortController()
    let abortedAt = 0
    const slow = { ...config, effortOverrides: { ...FAST, nnmf: { ...FAST.nnmf, maxEpochs: 10_000, patience: 10_000 } } }
    const run = runPilot(inputOf(matrix), slow, {
      engine: TEST_ENGINE,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.model === 'nnmf' && p.epoch === 3 && !controller.signal.aborted) {
          abortedAt = performance.now()
          controller.abort()
        }
      },
    })
    await expect(run).rejects.toThrow(/abort/i)
    expect(performance.now() - abortedAt).toBeLessThan(1000)
  })

  it('scores new rows through fold-in and the latest period by time', async () => {
    const rows = await runPilot(inputOf(matrix), { ...config, goal: 'new-rows', models: ['bias', 'nnmf', 'mf'] }, { engine: TEST_ENGINE })
    expect(rows.config.models).toEqual(['bias', 'mf', 'nnmf'])
    expect(rows.splits[0]!.nNewRows).toBe(6)
    expect(rows.splits[0]!.nKnown! + rows.splits[0]!.nTest).toBeGreaterThan(6 * 30)
    const bias = rows.summary.find((s) => s.model === 'bias')!.metrics.rmse!.mean
    const mf = rows.summary.find((s) => s.model === 'mf')!.metrics.rmse!.mean
    // Folded-in latents of low-rank rows beat their biases alone.
    expect(mf).toBeLessThan(0.8 * bias)
    const latest = await runPilot(inputOf(matrix), { ...config, goal: 'latest-period', models: ['mean', 'mf'] }, { engine: TEST_ENGINE })
    const nLatest = Math.floor(matrix.values.length * 0.1)
    expect(latest.splits.map((s) => s.nTest)).toEqual([nLatest, nLatest, nLatest])
    expect(latest.comparison).toBeNull()
  })

  it('scores binary data with log loss, AUC and average precision', async () => {
    const truth = lowRank(80, 60, 2, 5)
    const rng = createRng(9)
    const binary = plantedMatrix(80, 60, 0.9, (r, c) => (rng.next() < 1 / (1 + Math.exp(-3 * (truth(r, c) - 3))) ? 1 : 0), { seed: 6, noise: 0 })
    const result = await runPilot(inputOf(binary, { valueKind: 'binary' }), { ...config, models: ['mean', 'mf', 'nnmf'] }, { engine: TEST_ENGINE })
    expect(result.loss).toBe('logistic')
    expect(result.primaryMetric).toBe('logLoss')
    const mf = result.summary.find((s) => s.model === 'mf')!.metrics
    expect(mf.auc!.mean).toBeGreaterThan(0.7)
    expect(mf.averagePrecision!.mean).toBeGreaterThan(0.5)
    expect(result.summary.find((s) => s.model === 'mean')!.metrics.auc!.mean).toBe(0.5)
    expect(result.comparison!.metric).toBe('logLoss')
  })

  it('refuses what cannot run, in codes the UI can word', async () => {
    const tiny = plantedMatrix(30, 30, 0.5, () => 1, { seed: 1, noise: 1 })
    const refused = runPilot(inputOf(tiny), { datasetId: 1, models: ['mean', 'bias'] }, { engine: TEST_ENGINE })
    await expect(refused).rejects.toBeInstanceOf(PilotError)
    await expect(refused).rejects.toMatchObject({ code: 'unsuitable-data' })
    const overridden = await runPilot(inputOf(tiny), { datasetId: 1, models: ['mean', 'bias'], overrideSuitability: true }, { engine: TEST_ENGINE })
    expect(overridden.dataCheck.verdict).toBe('unsuitable')
    expect(overridden.engine).toBeNull()
    const noTimes = { ...matrix, times: undefined }
    await expect(runPilot(inputOf(noTimes), { ...config, goal: 'latest-period' }, { engine: TEST_ENGINE })).rejects.toMatchObject({
      code: 'latest-period-needs-times',
    })
    await expect(runPilot(inputOf(matrix), { ...config, datasetId: 2 }, { engine: TEST_ENGINE })).rejects.toMatchObject({ code: 'dataset-mismatch' })
  })
})
