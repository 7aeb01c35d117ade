import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase, type Db } from '../../../src-main/core/store/open.js'

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/import')
export const fixture = (name: string): string => path.join(FIXTURES, name)

const dirs: string[] = []
export function tempDir(prefix = 'nnmf-import-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  dirs.push(dir)
  return dir
}
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
}

export function tempStore(): Db {
  return openDatabase(tempDir('nnmf-store-'))
}

/** Writes content to a temporary file and returns its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const file = path.join(tempDir(), name)
  fs.writeFileSync(file, content)
  return file
}

const TABLES = ['datasets', 'dataset_rows', 'dataset_columns', 'entries', 'imports'] as const
/** Row counts of every dataset table, to prove a failed import left the store unchanged. */
export function tableCounts(db: Db): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]))
}

/** Every stored dataset is complete: entry, row and column counts match its summary. */
export function assertNoPartialDataset(db: Db): void {
  const bad = db
    .prepare(
      `SELECT d.id FROM datasets d
       WHERE d.n_observed != (SELECT count(*) FROM entries e WHERE e.dataset_id = d.id)
          OR d.n_rows != (SELECT count(*) FROM dataset_rows r WHERE r.dataset_id = d.id)
          OR d.n_cols != (SELECT count(*) FROM dataset_columns c WHERE c.dataset_id = d.id)
          OR 1 != (SELECT count(*) FROM imports i WHERE i.dataset_id = d.id)`,
    )
    .pluck()
    .all()
  const orphans = db.prepare('SELECT count(*) FROM entries WHERE dataset_id NOT IN (SELECT id FROM datasets)').pluck().get()
  if (bad.length > 0 || orphans !== 0) throw new Error(`partial datasets ${JSON.stringify(bad)}, orphan entries ${orphans}`)
}
