import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { NnmfEngineFactory } from '../../../src-main/core/models/nnmf/engine.js'
import { createFastCpuEngine } from '../../../src-main/core/models/nnmf/fastcpu/index.js'
import { runPilot } from '../../../src-main/core/pilot/runner.js'
import { getDataset, loadMatrix, writeDataset, type DatasetSummary } from '../../../src-main/core/store/datasets.js'
import { openDatabase, type Db } from '../../../src-main/core/store/open.js'
import { createPilot, finishPilot, getPilot, type PilotRecordWithResult } from '../../../src-main/core/store/pilots.js'
import { plantedMatrix } from '../export/helpers.js'

const dirs: string[] = []
export function tempDir(prefix = 'nnmf-report-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  dirs.push(dir)
  return dir
}
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
}

const oneThread: NnmfEngineFactory = (setup) => createFastCpuEngine(setup, { threads: 1 })

export interface StoredPilot {
  db: Db
  dir: string
  pilot: PilotRecordWithResult
  dataset: DatasetSummary
}

/**
 * A real pilot, run by the pilot runner on a small planted dataset (Japanese sensor labels) with a
 * shrunken network, stored through the pilots store and read back: what the report gets in the app.
 */
export async function runStoredPilot(kind: 'numeric' | 'binary', seed = 3): Promise<StoredPilot> {
  const dir = tempDir()
  const db = openDatabase(dir)
  const matrix = plantedMatrix(120, 40, 0.6, kind, seed)
  const datasetId = writeDataset(db, {
    name: kind === 'numeric' ? '炉センサー試験' : '故障モード試験',
    valueKind: kind,
    layout: 'wide',
    rowLabels: Array.from({ length: 120 }, (_, i) => `装置${i + 1}`),
    colLabels: Array.from({ length: 40 }, (_, i) => (kind === 'numeric' ? `温度センサー${i + 1}` : `故障モード${i + 1}`)),
    matrix,
    provenance: { fileName: 'x.csv', fileSize: 0, sha256: '', options: {}, counts: {}, issues: [], startedAt: new Date(0).toISOString() },
  })
  const loaded = loadMatrix(db, datasetId)
  const config = {
    datasetId,
    seed,
    effort: 'quick' as const,
    effortOverrides: {
      repeats: 3,
      validationFraction: 0.1,
      bias: { lambdaGrid: [1, 10] },
      mf: { dGrid: [2], lambdaGrid: [1, 10], maxEpochs: 15 },
      nnmf: { lambdaGrid: [0.3], hidden: [32, 32], d: 4, dPrime: 8, batchSize: 64, learningRate: 1e-2, maxEpochs: 100, patience: 15, foldInEpochs: 10 },
    },
  }
  const s = loaded.summary
  const pilotId = createPilot(db, { config, dataHash: s.dataHash, name: 'テスト用パイロット' })
  const result = await runPilot(
    {
      matrix: loaded.matrix,
      colLabels: loaded.colLabels,
      dataset: { id: s.id, name: s.name, dataHash: s.dataHash, valueKind: s.valueKind, layout: s.layout, hasTime: s.hasTime },
    },
    config,
    { engine: { name: 'fastcpu', label: 'CPU fast path (1 thread, test)', backend: 'wasm', factory: oneThread } },
  )
  finishPilot(db, pilotId, result)
  return { db, dir, pilot: getPilot(db, pilotId)!, dataset: getDataset(db, datasetId)! }
}
