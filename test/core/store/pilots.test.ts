import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runPilot } from '../../../src-main/core/pilot/runner.js'
import { loadMatrix } from '../../../src-main/core/store/datasets.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import {
  cancelPilot,
  createPilot,
  deletePilot,
  duplicatePilotConfig,
  failPilot,
  finishPilot,
  getPilot,
  listPilots,
  markInterruptedPilots,
} from '../../../src-main/core/store/pilots.js'
import { writeEntries } from '../datasets/helpers.js'
import { SMALL_EFFORT, TEST_ENGINE, lowRank } from '../pilot/helpers.js'

const dirs: string[] = []
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-pilots-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

let clock = Date.parse('2025-01-01T00:00:00Z')
const tick = (): Date => new Date((clock += 1000))

describe('pilots store', () => {
  it('keeps a pilot from running to complete with its config and result, byte for byte', async () => {
    const db = openDatabase(tempDir())
    const truth = lowRank(80, 40, 2, 1)
    const entries: [number, number, number][] = []
    for (let r = 0; r < 80; r++) for (let c = 0; c < 40; c++) if ((r * 7 + c * 3) % 5 !== 0) entries.push([r, c, truth(r, c)])
    const datasetId = writeEntries(db, { nRows: 80, nCols: 40 }, entries)
    const { summary, matrix, colLabels } = loadMatrix(db, datasetId)
    const config = {
      datasetId,
      effortOverrides: { ...SMALL_EFFORT, nnmf: { ...SMALL_EFFORT.nnmf, maxEpochs: 5 } },
      models: ['mean' as const, 'mf' as const, 'nnmf' as const],
    }

    const id = createPilot(db, { config, dataHash: summary.dataHash, name: 'first try' }, tick)
    expect(getPilot(db, id)).toMatchObject({ status: 'running', name: 'first try', datasetId, result: null, finishedAt: null, engine: null })
    const result = await runPilot({ matrix, colLabels, dataset: summary }, config, { engine: { ...TEST_ENGINE, backend: 'wasm' } })
    finishPilot(db, id, result, tick)
    const stored = getPilot(db, id)!
    expect(stored.status).toBe('complete')
    expect(stored.result).toEqual(result)
    expect(stored.config).toEqual(result.config)
    expect(stored.config.effort).toBe('quick')
    expect(stored).toMatchObject({ engine: 'fastcpu', backend: 'wasm', dataHash: summary.dataHash })

    // Duplicate with a change: validated, defaults kept, nothing inserted.
    const copy = duplicatePilotConfig(db, id, { effort: 'standard', seed: 4 })
    expect(copy).toMatchObject({ datasetId, effort: 'standard', seed: 4, models: ['mean', 'mf', 'nnmf'] })
    expect(() => duplicatePilotConfig(db, id, { holdoutFraction: 2 })).toThrow()
    expect(listPilots(db)).toHaveLength(1)

    const cancelled = createPilot(db, { config: copy, dataHash: summary.dataHash }, tick)
    cancelPilot(db, cancelled, tick)
    const failed = createPilot(db, { config: copy, dataHash: summary.dataHash }, tick)
    failPilot(db, failed, 'The engine ran out of memory. Close other programs or choose quick.', tick)
    const cut = createPilot(db, { config: copy, dataHash: summary.dataHash }, tick)
    expect(markInterruptedPilots(db, tick)).toBe(1)
    expect(listPilots(db).map((p) => [p.id, p.status])).toEqual([
      [cut, 'interrupted'],
      [failed, 'failed'],
      [cancelled, 'cancelled'],
      [id, 'complete'],
    ])
    expect(getPilot(db, failed)!.error).toMatch(/out of memory/)
    expect(listPilots(db, { datasetId: datasetId + 1 })).toEqual([])
    expect(deletePilot(db, cut)).toBe(true)
    expect(getPilot(db, cut)).toBeUndefined()
    expect(() => finishPilot(db, cut, result)).toThrow(/No pilot/)
    db.close()

    // Reopened, the result is still the same.
    const again = openDatabase(dirs[0]!)
    expect(getPilot(again, id)!.result).toEqual(result)
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok')
    again.close()
  })
})
