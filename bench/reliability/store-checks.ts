import type { Db } from '../../src-main/core/store/open.js'
import { ownerAlive } from '../../src-main/core/store/owners.js'

const TABLES = ['datasets', 'dataset_rows', 'dataset_columns', 'entries', 'imports'] as const

/** Row counts of every dataset table: a refused import must leave them exactly as they were. */
export function datasetTableCounts(db: Db): string {
  return TABLES.map((t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number).join(' ')
}

/**
 * What is wrong with the datasets of a store, as readable lines (none when all is well): a
 * published dataset whose labels, entries or import record do not match its summary, rows that
 * belong to no dataset, and staged (hidden) datasets whose owner is gone, which opening the store
 * should have removed.
 */
export function datasetProblems(db: Db): string[] {
  const problems: string[] = []
  const partial = db
    .prepare(
      `SELECT d.id FROM datasets d WHERE d.staging_owner IS NULL AND (
         d.n_observed != (SELECT count(*) FROM entries e WHERE e.dataset_id = d.id)
         OR d.n_rows != (SELECT count(*) FROM dataset_rows r WHERE r.dataset_id = d.id)
         OR d.n_cols != (SELECT count(*) FROM dataset_columns c WHERE c.dataset_id = d.id)
         OR 1 != (SELECT count(*) FROM imports i WHERE i.dataset_id = d.id))`,
    )
    .pluck()
    .all() as number[]
  if (partial.length > 0) problems.push(`published datasets with missing parts: ${partial.join(', ')}`)
  for (const table of ['entries', 'dataset_rows', 'dataset_columns', 'imports']) {
    const orphans = db.prepare(`SELECT count(*) FROM ${table} WHERE dataset_id NOT IN (SELECT id FROM datasets)`).pluck().get() as number
    if (orphans > 0) problems.push(`${orphans} ${table} rows of no dataset`)
  }
  const staged = db.prepare('SELECT id, staging_owner AS owner FROM datasets WHERE staging_owner IS NOT NULL').all() as { id: number; owner: string }[]
  const abandoned = staged.filter((s) => !ownerAlive(db, s.owner)).map((s) => s.id)
  if (abandoned.length > 0) problems.push(`staged datasets of gone owners left after opening: ${abandoned.join(', ')}`)
  return problems
}

/** How many datasets are staged (hidden) right now, whoever owns them. */
export function stagedCount(db: Db): number {
  return db.prepare('SELECT count(*) FROM datasets WHERE staging_owner IS NOT NULL').pluck().get() as number
}

export function integrityOk(db: Db): boolean {
  return db.pragma('integrity_check', { simple: true }) === 'ok'
}
