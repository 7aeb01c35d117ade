import type { Migration } from './index.js'

/**
 * Datasets as a sparse matrix: integer row/column indices with label tables, and one entry per
 * observed cell keyed by (dataset, row, column). Entries carry no foreign key on purpose: a
 * per-row FK check would slow million-entry imports; deleting a dataset removes its entries
 * explicitly in the same transaction (see store/datasets.ts).
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );

    CREATE TABLE datasets (
      id          INTEGER PRIMARY KEY,
      name        TEXT NOT NULL,
      value_kind  TEXT NOT NULL CHECK (value_kind IN ('numeric', 'binary')),
      layout      TEXT NOT NULL CHECK (layout IN ('wide', 'long')),
      n_rows      INTEGER NOT NULL,
      n_cols      INTEGER NOT NULL,
      n_observed  INTEGER NOT NULL,
      has_time    INTEGER NOT NULL DEFAULT 0,
      data_hash   TEXT NOT NULL,
      created_at  TEXT NOT NULL
    );

    CREATE TABLE dataset_rows (
      dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      idx         INTEGER NOT NULL,
      label       TEXT NOT NULL,
      n_observed  INTEGER NOT NULL,
      PRIMARY KEY (dataset_id, idx)
    ) WITHOUT ROWID;

    CREATE TABLE dataset_columns (
      dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      idx         INTEGER NOT NULL,
      label       TEXT NOT NULL,
      n_observed  INTEGER NOT NULL,
      mean        REAL,
      std         REAL,
      min         REAL,
      max         REAL,
      PRIMARY KEY (dataset_id, idx)
    ) WITHOUT ROWID;

    CREATE TABLE entries (
      dataset_id  INTEGER NOT NULL,
      row_idx     INTEGER NOT NULL,
      col_idx     INTEGER NOT NULL,
      value       REAL NOT NULL,
      time        REAL,
      PRIMARY KEY (dataset_id, row_idx, col_idx)
    ) WITHOUT ROWID;

    CREATE TABLE imports (
      id           INTEGER PRIMARY KEY,
      dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      file_name    TEXT NOT NULL,
      file_size    INTEGER NOT NULL,
      sha256       TEXT NOT NULL,
      options_json TEXT NOT NULL,
      counts_json  TEXT NOT NULL,
      issues_json  TEXT NOT NULL,
      started_at   TEXT NOT NULL,
      finished_at  TEXT NOT NULL
    );
    CREATE INDEX imports_by_dataset ON imports(dataset_id);
  `,
}
