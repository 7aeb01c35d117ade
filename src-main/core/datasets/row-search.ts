import type { Db } from '../store/open.js'
import type { RowRef } from './similar-rows.js'

export interface RowMatches {
  rows: RowRef[]
  /** More rows match than were returned. */
  more: boolean
}

/**
 * Rows whose label contains `query` (ASCII letters in any case), a label equal to it first, then in
 * row order; an empty query lists the first rows. Labels are searched in SQLite, so a table of
 * 20,000 rows never crosses to the renderer whole.
 */
export function findRows(db: Db, datasetId: number, query: string, limit: number): RowMatches {
  const found = db
    .prepare(
      `SELECT idx AS "index", label, n_observed AS observed FROM dataset_rows
       WHERE dataset_id = ? AND instr(lower(label), lower(?)) > 0
       ORDER BY label = ? DESC, idx LIMIT ?`,
    )
    .all(datasetId, query, query, limit + 1) as RowRef[]
  return { rows: found.slice(0, limit), more: found.length > limit }
}
