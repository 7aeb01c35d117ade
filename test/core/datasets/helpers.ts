import { writeDataset, type ValueKind } from '../../../src-main/core/store/datasets.js'
import type { Db } from '../../../src-main/core/store/open.js'

/** Writes a dataset from a list of [row, col, value] entries (any order) with plain labels. */
export function writeEntries(
  db: Db,
  shape: { nRows: number; nCols: number },
  entries: [number, number, number][],
  options: { name?: string; valueKind?: ValueKind; provenance?: { options?: unknown; counts?: Record<string, number>; issues?: unknown[] } } = {},
): number {
  const sorted = [...entries].sort((a, b) => a[0] - b[0] || a[1] - b[1])
  return writeDataset(db, {
    name: options.name ?? 'test',
    valueKind: options.valueKind ?? 'numeric',
    layout: 'wide',
    rowLabels: Array.from({ length: shape.nRows }, (_, i) => `r${i}`),
    colLabels: Array.from({ length: shape.nCols }, (_, i) => `c${i}`),
    matrix: {
      ...shape,
      rows: Int32Array.from(sorted, (e) => e[0]),
      cols: Int32Array.from(sorted, (e) => e[1]),
      values: Float64Array.from(sorted, (e) => e[2]),
    },
    provenance: {
      fileName: 'hand.csv',
      fileSize: 123,
      sha256: 'ab'.repeat(32),
      options: options.provenance?.options ?? {},
      counts: options.provenance?.counts ?? {},
      issues: options.provenance?.issues ?? [],
      startedAt: '2026-01-02T03:04:05.000Z',
    },
  })
}

/**
 * The 5 × 4 matrix most tests use (x = observed):
 *   r0  x x x x   100%
 *   r1  x . . .    25%
 *   r2  . . . .     0%
 *   r3  . x . x    50%
 *   r4  x x x .    75%
 * Columns: c0 3/5, c1 3/5, c2 2/5, c3 2/5.
 */
export const FIVE_BY_FOUR: [number, number, number][] = [
  [0, 0, 1],
  [0, 1, 2],
  [0, 2, 3],
  [0, 3, 4],
  [1, 0, 5],
  [3, 1, 6],
  [3, 3, 7],
  [4, 0, 8],
  [4, 1, 9],
  [4, 2, 10],
]
