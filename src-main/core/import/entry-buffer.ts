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
  const repeats = hasRepeats(sorted, n)
  if (repeats && policy === 'error') sorted = sortEntries(buffer, nRows, nCols, true)
  const { rows, cols, values, lines, times } = sorted
  if (!repeats) {
    return { matrix: { nRows, nCols, rows, cols, values, ...(times ? { times } : {}) }, duplicatesMerged: 0 }
  }
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
  const target = allocate(n, withLines, withTimes)
  if (chunksInOrder(buffer)) {
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
  // One counting-sort pass by row, from the chunks straight into the result, then each row's
  // stretch is ordered by column in place through a small scratch that stays in cache. A second
  // full-size pass (by column first) would need another 16 bytes per entry of fresh memory, and
  // on this VM each fresh page costs a fault of about 15 us (measured: 4,000 faults, ~60 ms).
  // Each loop is its own small function, called per chunk or per row, so a fresh process
  // optimizes it once instead of re-optimizing one large function loop after loop.
  const rowStart = new Int32Array(nRows + 1)
  for (let k = 0; k < chunks; k++) countKeys(buffer.rowChunks[k]!, buffer.chunkLength(k), rowStart)
  prefixSums(rowStart)
  const next = rowStart.slice()
  for (let k = 0; k < chunks; k++) {
    const from = {
      rows: buffer.rowChunks[k]!,
      cols: buffer.colChunks[k]!,
      values: buffer.valueChunks[k]!,
      lines: withLines ? buffer.lineChunks[k]! : undefined,
      times: withTimes ? buffer.timeChunks![k]! : undefined,
    }
    scatter(from, 0, buffer.chunkLength(k), from.rows, next, target)
  }
  const sorter = new RowSorter(target, nCols)
  for (let r = 0; r < nRows; r++) sorter.sort(rowStart[r]!, rowStart[r + 1]!)
  return target
}

/**
 * Orders one row's entries [start, end) by column, stable. Short stretches by insertion; a
 * stretch long against the number of columns by counting; otherwise by a native sort of
 * (column, position) packed into one exact double.
 */
class RowSorter {
  private scratch: Flat
  private counts: Int32Array
  private keys = new Float64Array(0)

  constructor(
    private readonly data: Flat,
    private readonly nCols: number,
  ) {
    this.scratch = allocate(0, data.lines !== undefined, data.times !== undefined)
    this.counts = new Int32Array(0)
  }

  sort(start: number, end: number): void {
    const length = end - start
    if (length < 2 || inColumnOrder(this.data.cols, start, end)) return
    if (length <= 16) insertionSortByColumn(this.data, start, end)
    else if (this.nCols <= 4 * length) this.countingSort(start, end)
    else this.keySort(start, end)
  }

  private ensureScratch(length: number): Flat {
    if (this.scratch.rows.length < length) {
      this.scratch = allocate(Math.max(length, 2 * this.scratch.rows.length), this.data.lines !== undefined, this.data.times !== undefined)
    }
    return this.scratch
  }

  private countingSort(start: number, end: number): void {
    const scratch = this.ensureScratch(end - start)
    if (this.counts.length < this.nCols + 1) this.counts = new Int32Array(this.nCols + 1)
    const counts = this.counts
    counts.fill(0, 0, this.nCols + 1)
    countKeys(this.data.cols.subarray(start, end), end - start, counts)
    prefixSums(counts)
    // Positions relative to the scratch: scatter there, then copy the stretch back.
    scatter(this.data, start, end, this.data.cols, counts, scratch)
    copyBack(scratch, this.data, start, end)
  }

  private keySort(start: number, end: number): void {
    const length = end - start
    const scratch = this.ensureScratch(length)
    if (this.keys.length < length) this.keys = new Float64Array(Math.max(length, 2 * this.keys.length))
    const keys = this.keys.subarray(0, length)
    // column × length + position is exact (below 2^53) and orders by column, then file order.
    const cols = this.data.cols
    for (let k = 0; k < length; k++) keys[k] = cols[start + k]! * length + k
    keys.sort()
    const { rows, values, lines, times } = this.data
    for (let k = 0; k < length; k++) {
      const e = start + (keys[k]! % length)
      scratch.rows[k] = rows[e]!
      scratch.cols[k] = cols[e]!
      scratch.values[k] = values[e]!
      if (lines) scratch.lines![k] = lines[e]!
      if (times) scratch.times![k] = times[e]!
    }
    copyBack(scratch, this.data, start, end)
  }
}

function inColumnOrder(cols: Int32Array, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) if (cols[i]! < cols[i - 1]!) return false
  return true
}

function insertionSortByColumn(data: Flat, start: number, end: number): void {
  const { rows, cols, values, lines, times } = data
  for (let i = start + 1; i < end; i++) {
    const r = rows[i]!
    const c = cols[i]!
    const v = values[i]!
    const l = lines ? lines[i]! : 0
    const t = times ? times[i]! : 0
    let j = i - 1
    for (; j >= start && cols[j]! > c; j--) {
      rows[j + 1] = rows[j]!
      cols[j + 1] = cols[j]!
      values[j + 1] = values[j]!
      if (lines) lines[j + 1] = lines[j]!
      if (times) times[j + 1] = times[j]!
    }
    rows[j + 1] = r
    cols[j + 1] = c
    values[j + 1] = v
    if (lines) lines[j + 1] = l
    if (times) times[j + 1] = t
  }
}

/** Copies scratch[0, end - start) back to data[start, end). */
function copyBack(scratch: Flat, data: Flat, start: number, end: number): void {
  const length = end - start
  data.rows.set(scratch.rows.subarray(0, length), start)
  data.cols.set(scratch.cols.subarray(0, length), start)
  data.values.set(scratch.values.subarray(0, length), start)
  if (data.lines) data.lines.set(scratch.lines!.subarray(0, length), start)
  if (data.times) data.times.set(scratch.times!.subarray(0, length), start)
}

function chunksInOrder(buffer: EntryBuffer): boolean {
  let prevRow = -1
  let prevCol = -1
  for (let k = 0; k < buffer.rowChunks.length; k++) {
    const rs = buffer.rowChunks[k]!
    const cs = buffer.colChunks[k]!
    const m = buffer.chunkLength(k)
    if (!chunkInOrder(rs, cs, m, prevRow, prevCol)) return false
    if (m > 0) {
      prevRow = rs[m - 1]!
      prevCol = cs[m - 1]!
    }
  }
  return true
}

function chunkInOrder(rs: Int32Array, cs: Int32Array, m: number, prevRow: number, prevCol: number): boolean {
  for (let i = 0; i < m; i++) {
    const r = rs[i]!
    const c = cs[i]!
    if (r < prevRow || (r === prevRow && c <= prevCol)) return false
    prevRow = r
    prevCol = c
  }
  return true
}

/** Adds the count of each key to counts[key + 1]. */
function countKeys(keys: Int32Array, m: number, counts: Int32Array): void {
  for (let i = 0; i < m; i++) counts[keys[i]! + 1]!++
}

/** Turns counts[key + 1] into the start position of each key. */
function prefixSums(counts: Int32Array): void {
  for (let k = 1; k < counts.length; k++) counts[k]! += counts[k - 1]!
}

/** Stable counting-sort step: moves entries [from, to) of src to the next free place of their key. */
function scatter(src: Flat, from: number, to: number, keys: Int32Array, next: Int32Array, dst: Flat): void {
  const { rows: rs, cols: cs, values: vs, lines: ls, times: ts } = src
  const { rows, cols, values, lines, times } = dst
  for (let i = from; i < to; i++) {
    const at = next[keys[i]!]!++
    rows[at] = rs[i]!
    cols[at] = cs[i]!
    values[at] = vs[i]!
    if (ls) lines![at] = ls[i]!
    if (ts) times![at] = ts[i]!
  }
}
