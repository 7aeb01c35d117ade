import { writeDataset } from '../../src-main/core/store/datasets.js'
import type { Db } from '../../src-main/core/store/open.js'

/** Writes a tiny 3 × 2 wide dataset with Japanese labels straight into the store. */
export function writeSmallDataset(db: Db, name = 'ライン A センサー'): number {
  return writeDataset(db, {
    name,
    valueKind: 'numeric',
    layout: 'wide',
    rowLabels: ['機械1', '機械2', '機械3'],
    colLabels: ['温度', '圧力'],
    matrix: {
      nRows: 3,
      nCols: 2,
      rows: Int32Array.from([0, 0, 1, 2]),
      cols: Int32Array.from([0, 1, 0, 1]),
      values: Float64Array.from([20.5, 1.2, 21.0, 1.1]),
    },
    provenance: {
      fileName: 'test.csv',
      fileSize: 0,
      sha256: '0'.repeat(64),
      options: {},
      counts: { observed: 4 },
      issues: [],
      startedAt: new Date().toISOString(),
    },
  })
}
