import { createHash } from 'node:crypto'
import type { SparseMatrix } from '../matrix/sparse.js'
import type { Db } from './open.js'
import { ownerAlive, ownerId, type LivenessOptions } from './owners.js'

export type ValueKind = 'numeric' | 'binary'
export type Layout = 'wide' | 'long'

export interface DatasetSummary {
  id: number
  name: string
  valueKind: ValueKind
  layout: Layout
  nRows: number
  nCols: number
  nObserved: number
  hasTime: boolean
  dataHash: string
  createdAt: string
}

export interface ImportProvenance {
  fileName: string
  fileSize: number
  sha256: string
  options: unknown
  counts: Record<string, number>
  issues: unknown[]
  startedAt: string
}

export interface NewDataset {
  name: string
  valueKind: ValueKind
  layout: Layout
  rowLabels: readonly string[]
  colLabels: readonly string[]
  matrix: SparseMatrix
  provenance: ImportProvenance
}

interface DatasetRow {
  id: number
  name: string
  value_kind: ValueKind
  layout: Layout
  n_rows: number
  n_cols: number
  n_observed: number
  has_time: number
  data_hash: string
  created_at: string
}

function toSummary(row: DatasetRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    valueKind: row.value_kind,
    layout: row.layout,
    nRows: row.n_rows,
    nCols: row.n_cols,
    nObserved: row.n_observed,
    hasTime: row.has_time === 1,
    dataHash: row.data_hash,
    createdAt: row.created_at,
  }
}

/** Published datasets only: one being imported (or removed) is hidden until then (see writeDatasetAsync). */
export function listDatasets(db: Db): DatasetSummary[] {
  const rows = db.prepare('SELECT * FROM datasets WHERE staging_owner IS NULL ORDER BY created_at DESC, id DESC').all() as DatasetRow[]
  return rows.map(toSummary)
}

export function getDataset(db: Db, id: number): DatasetSummary | undefined {
  const row = db.prepare('SELECT * FROM datasets WHERE id = ? AND staging_owner IS NULL').get(id) as DatasetRow | undefined
  return row && toSummary(row)
}

export function renameDataset(db: Db, id: number, name: string): boolean {
  return db.prepare('UPDATE datasets SET name = ? WHERE id = ? AND staging_owner IS NULL').run(name, id).changes === 1
}

/** A stable fingerprint of the matrix content (shape, labels and entries), stored with every pilot. */
export function hashMatrix(matrix: SparseMatrix, rowLabels: readonly string[], colLabels: readonly string[]): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify([matrix.nRows, matrix.nCols, rowLabels, colLabels]))
  hash.update(new Uint8Array(matrix.rows.buffer, matrix.rows.byteOffset, matrix.rows.byteLength))
  hash.update(new Uint8Array(matrix.cols.buffer, matrix.cols.byteOffset, matrix.cols.byteLength))
  hash.update(new Uint8Array(matrix.values.buffer, matrix.values.byteOffset, matrix.values.byteLength))
  return hash.digest('hex')
}

/** Progress and cancellation for the chunked writer. */
export interface WriteControl {
  signal?: AbortSignal
  onProgress?: (progress: { done: number; total: number }) => void
}

const ENTRY_BATCH = 100
/** Entries and labels written between two looks at the clock (the unit a write transaction is made of). */
const ENTRIES_PER_UNIT = 1_000
const LABELS_PER_UNIT = 2_000
/** Page cache during a dataset write, in SQLite's negative-means-KiB unit. */
const IMPORT_CACHE_SIZE = -2048
/**
 * How long one write transaction of an import (or of a dataset's removal) may hold the store's
 * write lock. After each one the writer leaves the lock free at least as long as it held it, so
 * another process's write (a checkpoint, a heartbeat, a pilot's result) waits a moment at most,
 * however big the file.
 */
export const WRITE_LOCK_BUDGET_MS = 25
/** Rows deleted per transaction when a dataset is removed. */
const PURGE_BATCH = 20_000

/** What a dataset row stores besides the matrix; computed before any transaction starts (hashing takes a while). */
const derivedCache = new WeakMap<NewDataset, { rowCounts: Int32Array; colStats: ColumnStatistics[]; dataHash: string }>()
function derived(dataset: NewDataset): { rowCounts: Int32Array; colStats: ColumnStatistics[]; dataHash: string } {
  const known = derivedCache.get(dataset)
  if (known) return known
  const { matrix, rowLabels, colLabels } = dataset
  if (rowLabels.length !== matrix.nRows || colLabels.length !== matrix.nCols) {
    throw new Error('writeDataset: label counts do not match the matrix shape')
  }
  const rowCounts = new Int32Array(matrix.nRows)
  for (let i = 0; i < matrix.rows.length; i++) rowCounts[matrix.rows[i]!]!++
  const result = { rowCounts, colStats: columnStatistics(matrix), dataHash: hashMatrix(matrix, rowLabels, colLabels) }
  derivedCache.set(dataset, result)
  return result
}

interface WriteStep {
  id: number
  /** Entries written so far. */
  entries: number
}

/**
 * The statements of one dataset write, in small units: the generator yields after each so the
 * caller can cut the write into short transactions (or run it in one). Entries go in multi-row
 * INSERTs of ENTRY_BATCH rows (about 4× faster than one row per statement); they are fastest when
 * already sorted by (row, column), the table's key order. With `staging` (an owner id) the dataset
 * row is hidden from every reader until publishDataset clears it.
 */
function* writeSteps(db: Db, dataset: NewDataset, now: () => Date, staging: string | null): Generator<WriteStep, number> {
  const { matrix, rowLabels, colLabels } = dataset
  const { rowCounts, colStats, dataHash } = derived(dataset)
  const createdAt = now().toISOString()

  const id = Number(
    db
      .prepare(
        `INSERT INTO datasets (name, value_kind, layout, n_rows, n_cols, n_observed, has_time, data_hash, created_at, staging_owner)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        dataset.name,
        dataset.valueKind,
        dataset.layout,
        matrix.nRows,
        matrix.nCols,
        matrix.values.length,
        matrix.times ? 1 : 0,
        dataHash,
        createdAt,
        staging,
      ).lastInsertRowid,
  )
  yield { id, entries: 0 }
  const insertRow = db.prepare('INSERT INTO dataset_rows (dataset_id, idx, label, n_observed) VALUES (?, ?, ?, ?)')
  for (let idx = 0; idx < rowLabels.length; idx++) {
    insertRow.run(id, idx, rowLabels[idx], rowCounts[idx])
    if ((idx + 1) % LABELS_PER_UNIT === 0) yield { id, entries: 0 }
  }
  const insertCol = db.prepare('INSERT INTO dataset_columns (dataset_id, idx, label, n_observed, mean, std, min, max) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  for (let idx = 0; idx < colLabels.length; idx++) {
    const s = colStats[idx]!
    insertCol.run(id, idx, colLabels[idx], s.count, s.mean, s.std, s.min, s.max)
    if ((idx + 1) % LABELS_PER_UNIT === 0) yield { id, entries: 0 }
  }
  yield { id, entries: 0 }

  const n = matrix.values.length
  const times = matrix.times
  // The dataset id is ours (an integer), so it goes into the SQL as a literal; without times the
  // time column is a literal NULL. Fewer bound parameters per row is most of the insert cost.
  const perRow = times ? 4 : 3
  const tuple = `(${id}, ?, ?, ?, ${times ? '?' : 'NULL'})`
  const sql = 'INSERT INTO entries (dataset_id, row_idx, col_idx, value, time) VALUES '
  const insertBatch = db.prepare(sql + Array(ENTRY_BATCH).fill(tuple).join(', '))
  const insertOne = db.prepare(sql + tuple)
  const args: (number | null)[] = new Array(ENTRY_BATCH * perRow)
  const one: (number | null)[] = new Array(perRow)
  const fill = (target: (number | null)[], a: number, e: number): number => {
    target[a++] = matrix.rows[e]!
    target[a++] = matrix.cols[e]!
    target[a++] = matrix.values[e]!
    if (times) {
      const t = times[e]!
      target[a++] = Number.isNaN(t) ? null : t
    }
    return a
  }
  let i = 0
  while (i < n) {
    const unitEnd = Math.min(n, i + ENTRIES_PER_UNIT)
    for (; i + ENTRY_BATCH <= unitEnd; i += ENTRY_BATCH) {
      for (let k = 0, a = 0; k < ENTRY_BATCH; k++) a = fill(args, a, i + k)
      insertBatch.run(args)
    }
    for (; i < unitEnd; i++) {
      fill(one, 0, i)
      insertOne.run(one)
    }
    yield { id, entries: i }
  }
  return id
}

function insertProvenance(db: Db, id: number, p: ImportProvenance, now: () => Date): void {
  db.prepare(
    `INSERT INTO imports (dataset_id, file_name, file_size, sha256, options_json, counts_json, issues_json, started_at, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, p.fileName, p.fileSize, p.sha256, JSON.stringify(p.options), JSON.stringify(p.counts), JSON.stringify(p.issues), p.startedAt, now().toISOString())
}

/**
 * Writes a whole dataset (labels, entries, per-row and per-column statistics, provenance) in one
 * transaction: either all of it is stored or nothing is. For small datasets (tests, samples);
 * imports use writeDatasetAsync, which never holds the write lock for long.
 */
export function writeDataset(db: Db, dataset: NewDataset, now: () => Date = () => new Date()): number {
  return db
    .transaction(() => {
      const steps = writeSteps(db, dataset, now, null)
      for (;;) {
        const step = steps.next()
        if (step.done) {
          insertProvenance(db, step.value, dataset.provenance, now)
          return step.value
        }
      }
    })
    .immediate()
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Writes a dataset the way an import must in a store other processes write to: staged in short
 * transactions (at most about WRITE_LOCK_BUDGET_MS each, the lock then left free as long again),
 * hidden from every reader while staged, and published by its last transaction together with its
 * provenance. A cancel (the signal) or an error removes what was staged, in short steps too; a
 * killed process leaves a staged dataset that nobody sees and that the next opening of the store
 * removes (store/owners.ts: its owner is gone). Progress is reported after each transaction.
 * The connection must not be used by anything else meanwhile (statements run from elsewhere during
 * the awaits would join a transaction).
 */
export async function writeDatasetAsync(db: Db, dataset: NewDataset, control: WriteControl = {}, now: () => Date = () => new Date()): Promise<number> {
  control.signal?.throwIfAborted()
  const total = dataset.matrix.values.length
  derived(dataset)
  control.signal?.throwIfAborted()
  const owner = ownerId(db)
  // Entries go in key order, so the insert only ever touches the right edge of the B-tree: a small
  // page cache holds it, and every page of a big default cache is fresh memory the kernel must
  // fault in (measured, 1M entries: 4,000 page faults and ~70 ms more CPU with the 16 MB default
  // than with 2 MB). Restored afterwards for the connection's other work.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number
  db.pragma(`cache_size = ${IMPORT_CACHE_SIZE}`)
  // No checkpoint after each of the many small commits (each would copy pages into the database
  // file and sync it: measured, 1M entries written 3-4 times slower); one when the import ends.
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number
  db.pragma('wal_autocheckpoint = 0')
  let staged: number | null = null
  try {
    const steps = writeSteps(db, dataset, now, owner)
    for (;;) {
      const started = performance.now()
      let step: IteratorResult<WriteStep, number>
      db.exec('BEGIN IMMEDIATE')
      try {
        do {
          step = steps.next()
          if (!step.done) staged = step.value.id
        } while (!step.done && performance.now() - started < WRITE_LOCK_BUDGET_MS)
        if (step.done) publishDataset(db, step.value, owner, dataset.provenance, now)
        db.exec('COMMIT')
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK')
        throw error
      }
      if (step.done) {
        checkpointQuietly(db)
        return step.value
      }
      control.onProgress?.({ done: step.value.entries, total })
      await sleep(Math.max(1, performance.now() - started))
      control.signal?.throwIfAborted()
    }
  } catch (error) {
    if (staged !== null) await discardStaged(db, staged)
    throw error
  } finally {
    db.pragma(`cache_size = ${cacheSize}`)
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`)
  }
}

/** Copies the write-ahead log into the database file as far as readers allow, without waiting on anyone. */
function checkpointQuietly(db: Db): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // Housekeeping only: any later commit checkpoints again.
  }
}

/** The last step of an import: its provenance, and the dataset made visible, in the caller's transaction. */
function publishDataset(db: Db, id: number, owner: string, provenance: ImportProvenance, now: () => Date): void {
  const published = db.prepare('UPDATE datasets SET staging_owner = NULL WHERE id = ? AND staging_owner = ?').run(id, owner).changes
  // Only if another process took this one for gone (a stall of minutes) and removed what it staged.
  if (published !== 1) throw new Error('The staged dataset was removed by another process before it could be published; import the file again.')
  insertProvenance(db, id, provenance, now)
}

/** One short transaction of a dataset's removal; true once the dataset row itself is gone. */
function purgeStep(db: Db, id: number): boolean {
  return db
    .transaction(() => {
      const batch = (table: string, key: string): number =>
        db.prepare(`DELETE FROM ${table} WHERE (${key}) IN (SELECT ${key} FROM ${table} WHERE dataset_id = ? LIMIT ${PURGE_BATCH})`).run(id).changes
      if (batch('entries', 'dataset_id, row_idx, col_idx') > 0) return false
      if (batch('dataset_rows', 'dataset_id, idx') > 0) return false
      if (batch('dataset_columns', 'dataset_id, idx') > 0) return false
      db.prepare('DELETE FROM datasets WHERE id = ?').run(id)
      return true
    })
    .immediate()
}

/** Removes a hidden (staged or unpublished) dataset in short transactions, leaving the lock free between them. */
async function purgeDataset(db: Db, id: number): Promise<void> {
  for (;;) {
    const started = performance.now()
    if (purgeStep(db, id)) return
    await sleep(Math.max(1, performance.now() - started))
  }
}

/** The same, synchronously (at open): pauses block the thread, which has nothing else to do yet. */
function purgeDatasetSync(db: Db, id: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    const started = performance.now()
    if (purgeStep(db, id)) return
    Atomics.wait(pause, 0, 0, Math.max(1, performance.now() - started))
  }
}

async function discardStaged(db: Db, id: number): Promise<void> {
  try {
    await purgeDataset(db, id)
  } catch {
    // A store that fails now (disk full, busy beyond its timeout): the staged rows stay hidden and
    // are removed when the store is next opened after this process ends.
  }
}

/**
 * Removes a dataset, its labels, entries and import records: first hidden in one short
 * transaction (from then on nobody sees it), then deleted in short steps. A process killed midway
 * leaves a hidden dataset that the next opening of the store finishes removing.
 */
export async function deleteDataset(db: Db, id: number): Promise<boolean> {
  const hidden = db.prepare('UPDATE datasets SET staging_owner = ? WHERE id = ? AND staging_owner IS NULL').run(ownerId(db), id).changes === 1
  if (!hidden) return false
  await purgeDataset(db, id)
  return true
}

/**
 * The hidden datasets whose owner is gone: killed imports, interrupted removals. Staging of live
 * owners (an import running now in another process) is left alone.
 */
function abandonedStaging(db: Db, options: LivenessOptions): number[] {
  const staged = db.prepare('SELECT id, staging_owner AS owner FROM datasets WHERE staging_owner IS NOT NULL').all() as { id: number; owner: string }[]
  return staged.filter(({ owner }) => !ownerAlive(db, owner, options)).map(({ id }) => id)
}

/** Removes the abandoned staging (see abandonedStaging) at once; for the store's opening. Returns how many datasets. */
export function removeAbandonedStaging(db: Db, options: LivenessOptions = {}): number {
  const ids = abandonedStaging(db, options)
  for (const id of ids) purgeDatasetSync(db, id)
  return ids.length
}

/** The same in short steps between which the event loop runs; for a process serving requests (a job just died). */
export async function removeAbandonedStagingAsync(db: Db, options: LivenessOptions = {}): Promise<number> {
  const ids = abandonedStaging(db, options)
  for (const id of ids) await purgeDataset(db, id)
  return ids.length
}

export interface ColumnStatistics {
  count: number
  mean: number | null
  std: number | null
  min: number | null
  max: number | null
}

/** Count, mean, population standard deviation, min and max of each column's observed values (Welford). */
export function columnStatistics(matrix: SparseMatrix): ColumnStatistics[] {
  const count = new Float64Array(matrix.nCols)
  const mean = new Float64Array(matrix.nCols)
  const m2 = new Float64Array(matrix.nCols)
  const min = new Float64Array(matrix.nCols).fill(Infinity)
  const max = new Float64Array(matrix.nCols).fill(-Infinity)
  for (let i = 0; i < matrix.values.length; i++) {
    const c = matrix.cols[i]!
    const v = matrix.values[i]!
    const n = ++count[c]!
    const delta = v - mean[c]!
    mean[c]! += delta / n
    m2[c]! += delta * (v - mean[c]!)
    if (v < min[c]!) min[c] = v
    if (v > max[c]!) max[c] = v
  }
  return Array.from({ length: matrix.nCols }, (_, c) =>
    count[c] === 0
      ? { count: 0, mean: null, std: null, min: null, max: null }
      : { count: count[c]!, mean: mean[c]!, std: Math.sqrt(m2[c]! / count[c]!), min: min[c]!, max: max[c]! },
  )
}

/** Loads a dataset's observed entries as a sparse matrix, ordered by row then column. */
export function loadMatrix(db: Db, id: number): { summary: DatasetSummary; matrix: SparseMatrix; rowLabels: string[]; colLabels: string[] } {
  const summary = getDataset(db, id)
  if (!summary) throw new Error(`No dataset with id ${id}`)
  const n = summary.nObserved
  const rows = new Int32Array(n)
  const cols = new Int32Array(n)
  const values = new Float64Array(n)
  const times = summary.hasTime ? new Float64Array(n) : undefined
  let i = 0
  const select = db.prepare('SELECT row_idx, col_idx, value, time FROM entries WHERE dataset_id = ? ORDER BY row_idx, col_idx').raw()
  for (const [r, c, v, t] of select.iterate(id) as IterableIterator<[number, number, number, number | null]>) {
    rows[i] = r
    cols[i] = c
    values[i] = v
    if (times) times[i] = t ?? NaN
    i++
  }
  const rowLabels = db.prepare('SELECT label FROM dataset_rows WHERE dataset_id = ? ORDER BY idx').pluck().all(id) as string[]
  const colLabels = db.prepare('SELECT label FROM dataset_columns WHERE dataset_id = ? ORDER BY idx').pluck().all(id) as string[]
  const matrix: SparseMatrix = { nRows: summary.nRows, nCols: summary.nCols, rows, cols, values, ...(times ? { times } : {}) }
  return { summary, matrix, rowLabels, colLabels }
}
