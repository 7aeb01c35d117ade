import type { Migration } from './index.js'

/**
 * Pilots: one row per pilot run with its whole configuration (the parsed pilot config, seeds
 * included), the dataset fingerprint it ran on, the NNMF engine and backend, and its result as JSON
 * (see core/pilot/result.ts). A pilot is inserted 'running'; pilots still 'running' at startup were
 * cut off and become 'interrupted' (store/pilots.ts markInterruptedPilots).
 */
export const migration003: Migration = {
  version: 3,
  name: 'pilots',
  sql: `
    CREATE TABLE pilots (
      id           INTEGER PRIMARY KEY,
      dataset_id   INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
      name         TEXT NOT NULL,
      config_json  TEXT NOT NULL,
      status       TEXT NOT NULL CHECK (status IN ('running', 'complete', 'cancelled', 'failed', 'interrupted')),
      data_hash    TEXT NOT NULL,
      engine       TEXT,
      backend      TEXT,
      result_json  TEXT,
      error        TEXT,
      created_at   TEXT NOT NULL,
      finished_at  TEXT
    );
    CREATE INDEX pilots_by_dataset ON pilots(dataset_id);
    CREATE INDEX pilots_by_status ON pilots(status);
  `,
}
