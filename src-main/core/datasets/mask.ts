import type { Db } from '../store/open.js'
import { assertCount } from './coverage.js'

/** The observed mask shrunk to at most this many blocks along each axis for the heatmap. */
export const MAX_MASK_BLOCKS = 200

export interface MaskBlocks {
  /** Number of block rows and block columns (each at most the requested maximum). */
  blockRows: number
  blockCols: number
  /** rowStarts[b] is the first matrix row of block row b; rowStarts[blockRows] = nRows. Same for columns. */
  rowStarts: number[]
  colStarts: number[]
  /** Observed cells per block, row-major (blockRows × blockCols). */
  observed: number[]
  /** Observed fraction per block: observed / (rows in block × columns in block), row-major. */
  fraction: number[]
}

/**
 * Block index of matrix row r when n rows are split into `blocks` nearly equal blocks:
 * floor(r · blocks / n). With blocks ≤ n every block gets at least one row.
 */
export function blockOf(r: number, n: number, blocks: number): number {
  return Math.floor((r * blocks) / n)
}

/** First index of each block, plus n at the end: ceil(b · n / blocks). */
export function blockStarts(n: number, blocks: number): number[] {
  return Array.from({ length: blocks + 1 }, (_, b) => Math.ceil((b * n) / blocks))
}

/** Builds the blocks from observed counts per block (row-major), filling in starts and fractions. */
export function maskBlocksFromCounts(nRows: number, nCols: number, blockRows: number, blockCols: number, observed: number[]): MaskBlocks {
  const rowStarts = blockStarts(nRows, blockRows)
  const colStarts = blockStarts(nCols, blockCols)
  const fraction = observed.map((count, k) => {
    const br = Math.floor(k / blockCols)
    const bc = k % blockCols
    const cells = (rowStarts[br + 1]! - rowStarts[br]!) * (colStarts[bc + 1]! - colStarts[bc]!)
    return cells === 0 ? 0 : count / cells
  })
  return { blockRows, blockCols, rowStarts, colStarts, observed, fraction }
}

/** The downsampled mask of a sparse matrix held in memory (the reference the SQL version is tested against). */
export function downsampleMask(
  matrix: { nRows: number; nCols: number; rows: ArrayLike<number>; cols: ArrayLike<number> },
  maxBlocks = MAX_MASK_BLOCKS,
): MaskBlocks {
  const blockRows = Math.min(matrix.nRows, maxBlocks)
  const blockCols = Math.min(matrix.nCols, maxBlocks)
  const observed = new Array<number>(blockRows * blockCols).fill(0)
  for (let i = 0; i < matrix.rows.length; i++) {
    observed[blockOf(matrix.rows[i]!, matrix.nRows, blockRows) * blockCols + blockOf(matrix.cols[i]!, matrix.nCols, blockCols)]!++
  }
  return maskBlocksFromCounts(matrix.nRows, matrix.nCols, blockRows, blockCols, observed)
}

/**
 * The downsampled mask of a stored dataset. SQLite walks the entries in key order grouped by row
 * (no sort) and hands back, per row, the block columns of its entries as one comma-separated
 * string; counting those in JavaScript is about 3× faster on SECOM than a GROUP BY over block
 * pairs, which needs a temporary B-tree, and far faster than one JavaScript call per entry.
 */
export function storedMaskBlocks(db: Db, datasetId: number, shape: { nRows: number; nCols: number }, maxBlocks = MAX_MASK_BLOCKS): MaskBlocks {
  const { nRows, nCols } = shape
  assertCount(nRows)
  assertCount(nCols)
  assertCount(maxBlocks)
  const blockRows = Math.min(nRows, maxBlocks)
  const blockCols = Math.min(nCols, maxBlocks)
  const observed = new Array<number>(blockRows * blockCols).fill(0)
  if (blockRows > 0 && blockCols > 0) {
    // Integer division in SQLite, the same formula as blockOf. The constants are checked counts.
    const perRow = db
      .prepare(
        `SELECT row_idx, group_concat((col_idx * ${blockCols}) / ${nCols}) FROM entries
         WHERE dataset_id = ? GROUP BY row_idx`,
      )
      .raw()
      .all(datasetId) as [number, string][]
    for (const [row, blocks] of perRow) {
      const base = blockOf(row, nRows, blockRows) * blockCols
      let block = 0
      for (let i = 0; i < blocks.length; i++) {
        const ch = blocks.charCodeAt(i)
        if (ch === 44 /* , */) {
          observed[base + block]!++
          block = 0
        } else block = block * 10 + (ch - 48)
      }
      observed[base + block]!++
    }
  }
  return maskBlocksFromCounts(nRows, nCols, blockRows, blockCols, observed)
}
