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

/**
 * Growable columnar storage for parsed entries (typed arrays, not one object per cell), with the
 * source line of each entry so later checks (duplicates) can still point at the file.
 */
export class EntryBuffer {
  rows: Int32Array = new Int32Array(1024)
  cols: Int32Array = new Int32Array(1024)
  values: Float64Array = new Float64Array(1024)
  lines: Int32Array = new Int32Array(1024)
  times: Float64Array | undefined
  length = 0

  constructor(withTimes: boolean) {
    if (withTimes) this.times = new Float64Array(1024)
  }

  push(row: number, col: number, value: number, line: number, time = NaN): void {
    if (this.length === this.rows.length) this.grow()
    const i = this.length++
    this.rows[i] = row
    this.cols[i] = col
    this.values[i] = value
    this.lines[i] = line
    if (this.times) this.times[i] = time
  }

  private grow(): void {
    const n = this.rows.length * 2
    const growI = (a: Int32Array): Int32Array => { const b = new Int32Array(n); b.set(a); return b }
    const growF = (a: Float64Array): Float64Array => { const b = new Float64Array(n); b.set(a); return b }
    this.rows = growI(this.rows)
    this.cols = growI(this.cols)
    this.lines = growI(this.lines)
    this.values = growF(this.values)
    if (this.times) this.times = growF(this.times)
  }
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
  const order = sortedOrder(buffer, n, nRows, nCols)
  const rows = new Int32Array(n)
  const cols = new Int32Array(n)
  const values = new Float64Array(n)
  const times = buffer.times ? new Float64Array(n) : undefined
  let out = 0
  let merged = 0
  let i = 0
  while (i < n) {
    const first = order[i]!
    const r = buffer.rows[first]!
    const c = buffer.cols[first]!
    let j = i + 1
    while (j < n && buffer.rows[order[j]!] === r && buffer.cols[order[j]!] === c) j++
    const groupSize = j - i
    if (groupSize > 1 && policy === 'error') {
      for (let k = i + 1; k < j; k++) {
        const e = order[k]!
        issues.add('duplicate-key', buffer.lines[e]!, colLabels[c] ?? '', String(buffer.values[e]))
      }
      i = j
      continue
    }
    let value: number
    let time = NaN
    const last = order[j - 1]!
    if (groupSize > 1 && policy === 'mean') {
      let sum = 0
      for (let k = i; k < j; k++) {
        const e = order[k]!
        sum += buffer.values[e]!
        const t = buffer.times?.[e] ?? NaN
        if (!Number.isNaN(t) && (Number.isNaN(time) || t > time)) time = t
      }
      value = sum / groupSize
    } else {
      value = buffer.values[last]!
      time = buffer.times?.[last] ?? NaN
    }
    merged += groupSize - 1
    rows[out] = r
    cols[out] = c
    values[out] = value
    if (times) times[out] = time
    out++
    i = j
  }
  const matrix: SparseMatrix = {
    nRows,
    nCols,
    rows: rows.slice(0, out),
    cols: cols.slice(0, out),
    values: values.slice(0, out),
    ...(times ? { times: times.slice(0, out) } : {}),
  }
  return { matrix, duplicatesMerged: merged }
}

/**
 * Entry indices in (row, column) order, ties in file order. Files are often already in order
 * (wide files always are), which one pass detects; otherwise two stable counting sorts, O(n) with
 * no comparator calls (measured faster than a native sort of packed keys).
 */
function sortedOrder(buffer: EntryBuffer, n: number, nRows: number, nCols: number): Int32Array {
  const { rows, cols } = buffer
  let sorted = true
  for (let i = 1; i < n && sorted; i++) {
    const dr = rows[i]! - rows[i - 1]!
    sorted = dr > 0 || (dr === 0 && cols[i]! > cols[i - 1]!)
  }
  if (sorted) return Int32Array.from({ length: n }, (_, i) => i)
  return countingOrder(rows, n, nRows, countingOrder(cols, n, nCols, undefined))
}

/** Stable counting sort of entry indices by `keys` (in [0, nKeys)), starting from `input` order. */
function countingOrder(keys: Int32Array, n: number, nKeys: number, input: Int32Array | undefined): Int32Array {
  const start = new Int32Array(nKeys + 1)
  for (let i = 0; i < n; i++) start[keys[i]! + 1]!++
  for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k]!
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const e = input ? input[i]! : i
    out[start[keys[e]!]!++] = e
  }
  return out
}
