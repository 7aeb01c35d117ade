import type { SparseMatrix } from '../matrix/sparse.js'
import type { IssueCollector } from './report.js'

/** Labels in order of first appearance, each mapped to its index. */
export class LabelIndex {
  readonly labels: string[] = []
  private readonly index = new Map<string, number>()

  private lastLabel: string | undefined
  private lastIndex = -1

  indexOf(label: string): number {
    // Consecutive records usually share their row key; skip the hash lookup then.
    if (label === this.lastLabel) return this.lastIndex
    let i = this.index.get(label)
    if (i === undefined) {
      i = this.labels.length
      this.index.set(label, i)
      this.labels.push(label)
    }
    this.lastLabel = label
    this.lastIndex = i
    return i
  }

  has(label: string): boolean {
    return this.index.has(label)
  }

  get size(): number {
    return this.labels.length
  }
}

const CHUNK = 1 << 16

/**
 * Columnar storage for parsed entries (typed arrays, not one object per cell), with the source
 * line of each entry so later checks (duplicates) can still point at the file. It grows by whole
 * chunks, so nothing is copied while a large file is read.
 */
export class EntryBuffer {
  readonly rowChunks: Int32Array[] = []
  readonly colChunks: Int32Array[] = []
  readonly valueChunks: Float64Array[] = []
  readonly lineChunks: Int32Array[] = []
  readonly timeChunks: Float64Array[] | undefined
  length = 0
  private rows = new Int32Array(0)
  private cols = new Int32Array(0)
  private values = new Float64Array(0)
  private lines = new Int32Array(0)
  private times: Float64Array | undefined
  private fill = CHUNK

  constructor(withTimes: boolean) {
    if (withTimes) this.timeChunks = []
  }

  push(row: number, col: number, value: number, line: number, time = NaN): void {
    if (this.fill === CHUNK) this.addChunk()
    const i = this.fill++
    this.length++
    this.rows[i] = row
    this.cols[i] = col
    this.values[i] = value
    this.lines[i] = line
    if (this.times) this.times[i] = time
  }

  /** Number of entries in chunk k. */
  chunkLength(k: number): number {
    return k < this.rowChunks.length - 1 ? CHUNK : this.length - k * CHUNK
  }

  private addChunk(): void {
    this.rowChunks.push((this.rows = new Int32Array(CHUNK)))
    this.colChunks.push((this.cols = new Int32Array(CHUNK)))
    this.valueChunks.push((this.values = new Float64Array(CHUNK)))
    this.lineChunks.push((this.lines = new Int32Array(CHUNK)))
    if (this.timeChunks) this.timeChunks.push((this.times = new Float64Array(CHUNK)))
    this.fill = 0
  }
}

/** Entries as flat arrays, in some order; lines only when asked for. */
interface Flat {
  rows: Int32Array
  cols: Int32Array
  values: Float64Array
  lines: Int32Array | undefined
  times: Float64Array | undefined
}

function allocate(n: number, withLines: boolean, withTimes: boolean): Flat {
  return {
    rows: new Int32Array(n),
    cols: new Int32Array(n),
    values: new Float64Array(n),
    lines: withLines ? new Int32Array(n) : undefined,
    times: withTimes ? new Float64Array(n) : undefined,
  }
}

/** Whether some (row, column) key occurs twice in sorted entries. */
function hasRepeats(sorted: Flat, n: number): boolean {
  const { rows, cols } = sorted
  for (let i = 1; i < n; i++) if (rows[i] === rows[i - 1] && cols[i] === cols[i - 1]) return true
  return false
}

export interface FinalizedEntries {
  matrix: SparseMatrix
  /** Entries folded into another one by the 'mean' or 'last' duplicate policy. */
  duplicatesMerged: number
}

/**
 * Orders entries by (row, column), stable, then resolves repeated (row, column) keys by the policy: 'last' keeps the one latest in the
 * file, 'mean' averages them (keeping the latest time), 'error' reports every repeat and drops
 * the key altogether, since no occurrence can be trusted over another.
 */
export function finalizeEntries(
  buffer: EntryBuffer,
  nRows: number,
  nCols: number,
  policy: 'error' | 'mean' | 'last',
  issues: IssueCollector,
  colLabels: readonly string[],
): FinalizedEntries {
  const n = buffer.length
  // Lines are needed only to report repeats; sorting without them moves a fifth less memory, and
  // files with repeats (rare) are sorted again with them.
  let sorted = sortEntries(buffer, nRows, nCols, false)
  if (policy === 'error' && hasRepeats(sorted, n)) sorted = sortEntries(buffer, nRows, nCols, true)
  const { rows, cols, values, lines, times } = sorted
  // Groups of equal keys are folded in place: the write position never passes the read position.
  let out = 0
  let merged = 0
  let i = 0
  while (i < n) {
    const r = rows[i]!
    const c = cols[i]!
    let j = i + 1
    while (j < n && rows[j] === r && cols[j] === c) j++
    const groupSize = j - i
    if (groupSize === 1) {
      if (out !== i) {
        rows[out] = r
        cols[out] = c
        values[out] = values[i]!
        if (times) times[out] = times[i]!
      }
      out++
      i = j
      continue
    }
    if (policy === 'error') {
      for (let k = i + 1; k < j; k++) issues.add('duplicate-key', lines![k]!, colLabels[c] ?? '', String(values[k]))
      i = j
      continue
    }
    let value: number
    let time = NaN
    if (policy === 'mean') {
      let sum = 0
      for (let k = i; k < j; k++) {
        sum += values[k]!
        const t = times?.[k] ?? NaN
        if (!Number.isNaN(t) && (Number.isNaN(time) || t > time)) time = t
      }
      value = sum / groupSize
    } else {
      value = values[j - 1]!
      time = times?.[j - 1] ?? NaN
    }
    merged += groupSize - 1
    rows[out] = r
    cols[out] = c
    values[out] = value
    if (times) times[out] = time
    out++
    i = j
  }
  // Without repeats (the usual case) the sorted arrays are the result as they are.
  const cut = <T extends Int32Array | Float64Array>(a: T): T => (out === n ? a : (a.slice(0, out) as T))
  const matrix: SparseMatrix = {
    nRows,
    nCols,
    rows: cut(rows),
    cols: cut(cols),
    values: cut(values),
    ...(times ? { times: cut(times) } : {}),
  }
  return { matrix, duplicatesMerged: merged }
}

/**
 * The entries in (row, column) order, ties in file order. Files are often already in order
 * (wide files always are), which one pass detects; then the chunks are only joined. Otherwise
 * two stable counting-sort passes (by column, then by row) move the entries themselves: each
 * pass reads sequentially and writes to one sequential stream per key, which stays in cache,
 * where sorting indices and then gathering through them reads memory at random.
 */
function sortEntries(buffer: EntryBuffer, nRows: number, nCols: number, withLines: boolean): Flat {
  const n = buffer.length
  const withTimes = buffer.timeChunks !== undefined
  const chunks = buffer.rowChunks.length
  let sorted = true
  let prevRow = -1
  let prevCol = -1
  for (let k = 0; k < chunks && sorted; k++) {
    const rs = buffer.rowChunks[k]!
    const cs = buffer.colChunks[k]!
    for (let i = 0, m = buffer.chunkLength(k); i < m; i++) {
      const r = rs[i]!
      const c = cs[i]!
      if (r < prevRow || (r === prevRow && c <= prevCol)) {
        sorted = false
        break
      }
      prevRow = r
      prevCol = c
    }
  }
  const target = allocate(n, withLines, withTimes)
  if (sorted) {
    for (let k = 0, at = 0; k < chunks; k++) {
      const m = buffer.chunkLength(k)
      target.rows.set(buffer.rowChunks[k]!.subarray(0, m), at)
      target.cols.set(buffer.colChunks[k]!.subarray(0, m), at)
      target.values.set(buffer.valueChunks[k]!.subarray(0, m), at)
      target.lines?.set(buffer.lineChunks[k]!.subarray(0, m), at)
      target.times?.set(buffer.timeChunks![k]!.subarray(0, m), at)
      at += m
    }
    return target
  }
  // Pass 1: by column, from the chunks into a scratch set of arrays.
  const byCol = allocate(n, withLines, withTimes)
  const colStart = new Int32Array(nCols + 1)
  for (let k = 0; k < chunks; k++) {
    const cs = buffer.colChunks[k]!
    for (let i = 0, m = buffer.chunkLength(k); i < m; i++) colStart[cs[i]! + 1]!++
  }
  for (let c = 0; c < nCols; c++) colStart[c + 1]! += colStart[c]!
  {
    const { rows, cols, values, lines, times } = byCol
    for (let k = 0; k < chunks; k++) {
      const rs = buffer.rowChunks[k]!
      const cs = buffer.colChunks[k]!
      const vs = buffer.valueChunks[k]!
      const ls = lines ? buffer.lineChunks[k]! : undefined
      const ts = times ? buffer.timeChunks![k]! : undefined
      for (let i = 0, m = buffer.chunkLength(k); i < m; i++) {
        const c = cs[i]!
        const at = colStart[c]!++
        rows[at] = rs[i]!
        cols[at] = c
        values[at] = vs[i]!
        if (ls) lines![at] = ls[i]!
        if (ts) times![at] = ts[i]!
      }
    }
  }
  // Pass 2: by row, stable, so columns stay ordered within a row.
  const rowStart = new Int32Array(nRows + 1)
  const { rows: rs, cols: cs, values: vs, lines: ls, times: ts } = byCol
  for (let i = 0; i < n; i++) rowStart[rs[i]! + 1]!++
  for (let r = 0; r < nRows; r++) rowStart[r + 1]! += rowStart[r]!
  const { rows, cols, values, lines, times } = target
  for (let i = 0; i < n; i++) {
    const r = rs[i]!
    const at = rowStart[r]!++
    rows[at] = r
    cols[at] = cs[i]!
    values[at] = vs[i]!
    if (ls) lines![at] = ls[i]!
    if (ts) times![at] = ts[i]!
  }
  return target
}
