import { describe, expect, it } from 'vitest'
import { PilotError } from '../../../src-main/core/pilot/runner.js'
import { assertPilotRunnable, createStoredPilot, loadPilotInput, runStoredPilot } from '../../../src-main/core/runs/pilot-run.js'
import { parsePilotConfig } from '../../../src-main/core/pilot/config.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import { getPilot, listPilots, pilotVerdict } from '../../../src-main/core/store/pilots.js'
import { plantedLowRank, writePlantedDataset } from '../../helpers/planted.js'
import { useTempDirs } from '../../helpers/temp-dir.js'
import { SMALL_EFFORT, TEST_ENGINE } from '../pilot/helpers.js'

const tempDir = useTempDirs('nnmf-pilot-run-')

function storeWithDataset() {
  const db = openDatabase(tempDir())
  const datasetId = writePlantedDataset(db, plantedLowRank({ nRows: 80, nCols: 40, rank: 2, density: 0.8, noise: 0.1, seed: 5 }), 'plant A')
  return { db, datasetId }
}

describe('runStoredPilot', () => {
  it('stores a complete pilot named after its dataset and effort, with the result the run returned', async () => {
    const { db, datasetId } = storeWithDataset()
    const config = parsePilotConfig({ datasetId, models: ['mean', 'bias', 'mf', 'nnmf'], effortOverrides: SMALL_EFFORT })
    const id = createStoredPilot(db, config)
    expect(getPilot(db, id)).toMatchObject({ status: 'running', name: 'plant A · quick', result: null })
    const result = await runStoredPilot(db, id, { engine: TEST_ENGINE })
    const stored = getPilot(db, id)!
    expect(stored).toMatchObject({ status: 'complete', engine: 'fastcpu', error: null })
    expect(stored.result).toEqual(JSON.parse(JSON.stringify(result)))
    expect(pilotVerdict(db, id)).toBe(result.comparison!.verdict)
    db.close()
  })

  it('marks the pilot cancelled when its signal aborts it, failed when the dataset changed', async () => {
    const { db, datasetId } = storeWithDataset()
    const config = parsePilotConfig({ datasetId, models: ['mean', 'bias', 'mf'], effortOverrides: SMALL_EFFORT })
    const controller = new AbortController()
    const cancelled = createStoredPilot(db, config)
    const run = runStoredPilot(db, cancelled, { signal: controller.signal, onProgress: (p) => p.model === 'bias' && controller.abort() })
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
    expect(getPilot(db, cancelled)).toMatchObject({ status: 'cancelled', result: null })

    const failed = createStoredPilot(db, config)
    db.prepare("UPDATE pilots SET data_hash = 'other' WHERE id = ?").run(failed)
    await expect(runStoredPilot(db, failed)).rejects.toThrow('The dataset changed')
    expect(getPilot(db, failed)).toMatchObject({ status: 'failed', error: 'The dataset changed since this pilot was set up; start a new pilot.' })
    expect(listPilots(db).map((p) => p.status)).toEqual(['failed', 'cancelled'])
    db.close()
  })

  it('refuses up front what the runner would refuse, before anything is stored', () => {
    const { db, datasetId } = storeWithDataset()
    const { input } = loadPilotInput(db, datasetId)
    expect(() => assertPilotRunnable(parsePilotConfig({ datasetId, goal: 'latest-period' }), input)).toThrow(PilotError)
    expect(() => assertPilotRunnable(parsePilotConfig({ datasetId }), input)).not.toThrow()
    const tiny = writePlantedDataset(db, plantedLowRank({ nRows: 30, nCols: 20, rank: 2, density: 0.5, noise: 0.1, seed: 6 }))
    const tinyInput = loadPilotInput(db, tiny).input
    expect(() => assertPilotRunnable(parsePilotConfig({ datasetId: tiny }), tinyInput)).toThrow(expect.objectContaining({ code: 'unsuitable-data' }))
    expect(() => assertPilotRunnable(parsePilotConfig({ datasetId: tiny, overrideSuitability: true }), tinyInput)).not.toThrow()
    expect(listPilots(db)).toEqual([])
    db.close()
  })
})
