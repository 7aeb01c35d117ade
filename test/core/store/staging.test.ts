import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { deleteDataset, getDataset, listDatasets, loadMatrix, writeDatasetAsync, type NewDataset } from '../../../src-main/core/store/datasets.js'
import { saveModel } from '../../../src-main/core/store/models.js'
import { openDatabase, type Db } from '../../../src-main/core/store/open.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const tempDir = useTempDirs('nnmf-staging-')
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

function dataset(nRows: number, nCols: number): NewDataset {
  const n = nRows * nCols
  return {
    name: 'staged',
    valueKind: 'numeric',
    layout: 'wide',
    rowLabels: Array.from({ length: nRows }, (_, i) => `m${i}`),
    colLabels: Array.from({ length: nCols }, (_, i) => `s${i}`),
    matrix: {
      nRows,
      nCols,
      rows: Int32Array.from({ length: n }, (_, i) => Math.floor(i / nCols)),
      cols: Int32Array.from({ length: n }, (_, i) => i % nCols),
      values: Float64Array.from({ length: n }, (_, i) => i % 13),
    },
    provenance: { fileName: 'f.csv', fileSize: 1, sha256: 'a'.repeat(64), options: {}, counts: {}, issues: [], startedAt: new Date().toISOString() },
  }
}

const count = (db: Db, table: string): number => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number

describe('imports staged in short transactions', () => {
  it('writes in many short transactions, invisible until the last one publishes it with its provenance', async () => {
    const db = openDatabase(tempDir())
    const seen: { listed: number; transaction: boolean; entries: number }[] = []
    const id = await writeDatasetAsync(db, dataset(2000, 150), {
      onProgress: () => seen.push({ listed: listDatasets(db).length, transaction: db.inTransaction, entries: count(db, 'entries') }),
    })
    // 300,000 entries take several transactions of about 25 ms on any machine.
    expect(seen.length).toBeGreaterThan(1)
    // Between two transactions the lock is free, the rows so far are committed, and nobody sees the dataset.
    expect(seen.every((s) => s.listed === 0 && !s.transaction)).toBe(true)
    expect(seen.at(-1)!.entries).toBeGreaterThan(0)
    expect(listDatasets(db).map((d) => d.id)).toEqual([id])
    expect(getDataset(db, id)).toMatchObject({ nRows: 2000, nCols: 150, nObserved: 300_000 })
    expect(loadMatrix(db, id).matrix.values[14]).toBe(1)
    expect(count(db, 'imports')).toBe(1)
    expect(db.prepare('SELECT staging_owner FROM datasets').pluck().get()).toBeNull()
    db.close()
  })

  it('a cancelled import leaves nothing behind, and a deleted dataset goes in short steps with its models', async () => {
    const db = openDatabase(tempDir())
    const abort = new AbortController()
    // Cancelled at the first progress report: the first transaction has committed staged rows, and
    // the cancel lands before any later one could publish (waiting for a second report made the
    // test depend on how many transactions a busy machine needs).
    await expect(
      writeDatasetAsync(db, dataset(1500, 100), {
        signal: abort.signal,
        onProgress: () => abort.abort(new Error('Cancelled.')),
      }),
    ).rejects.toThrow('Cancelled.')
    for (const table of ['datasets', 'dataset_rows', 'dataset_columns', 'entries', 'imports']) expect(count(db, table), table).toBe(0)

    const id = await writeDatasetAsync(db, dataset(1500, 100))
    saveModel(db, {
      datasetId: id,
      name: 'm',
      backend: 'CPU',
      engine: 'typed-arrays',
      seed: 0,
      dataHash: 'h',
      status: 'complete',
      saved: { kind: 'mean', config: {}, blobs: {} },
    })
    expect(await deleteDataset(db, id)).toBe(true)
    for (const table of ['datasets', 'dataset_rows', 'dataset_columns', 'entries', 'imports', 'models']) expect(count(db, table), table).toBe(0)
    expect(await deleteDataset(db, id)).toBe(false)
    db.close()
  })

  it('leaves the staging of a live import alone when another process opens the store, and removes it once that import is killed', async () => {
    const dir = tempDir()
    openDatabase(dir).close()
    const go = path.join(dir, 'go')
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'import-child.ts'), dir, go], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    let out = ''
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    const staged = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const match = /staged (\d+)/.exec(out)
        if (match) resolve(Number(match[1]))
      })
      child.on('exit', (code) => reject(new Error(`import-child exited ${code}: ${err}`)))
    })

    // The import stands still between two transactions: its rows are there, hidden, and stay.
    let db = openDatabase(dir)
    expect(listDatasets(db)).toEqual([])
    expect(getDataset(db, staged)).toBeUndefined()
    expect(count(db, 'entries')).toBeGreaterThan(0)
    db.close()

    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    db = openDatabase(dir)
    for (const table of ['datasets', 'dataset_rows', 'dataset_columns', 'entries', 'imports']) expect(count(db, table), table).toBe(0)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
    fs.writeFileSync(go, '')
  })
})
