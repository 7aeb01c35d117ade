import type { Migration } from './index.js'

/**
 * Trained models: one row per training run (configuration, engine, seed, data fingerprint,
 * metrics, training curve, status) and its parameters as named Float32 blobs. A run is inserted
 * as 'training' and written by checkpoints; runs still 'training' at startup were cut off and are
 * marked 'interrupted' (store/models.ts markInterruptedRuns).
 */
export const migration002: Migration = {
  version: 2,
  name: 'models',
  sql: `
    CREATE TABLE models (
      id           INTEGER PRIMARY KEY,
      dataset_id   INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
      kind         TEXT NOT NULL CHECK (kind IN ('mean', 'bias', 'mf', 'nnmf')),
      name         TEXT NOT NULL,
      config_json  TEXT NOT NULL,
      backend      TEXT NOT NULL,
      engine       TEXT NOT NULL,
      seed         INTEGER NOT NULL,
      data_hash    TEXT NOT NULL,
      metrics_json TEXT NOT NULL DEFAULT '{}',
      curve_json   TEXT NOT NULL DEFAULT '[]',
      status       TEXT NOT NULL CHECK (status IN ('training', 'complete', 'interrupted', 'cancelled', 'failed')),
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL
    );
    CREATE INDEX models_by_dataset ON models(dataset_id);
    CREATE INDEX models_by_status ON models(status);

    CREATE TABLE model_blobs (
      model_id   INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
      name       TEXT NOT NULL,
      dtype      TEXT NOT NULL CHECK (dtype IN ('float32')),
      shape_json TEXT NOT NULL,
      data       BLOB NOT NULL,
      PRIMARY KEY (model_id, name)
    ) WITHOUT ROWID;
  `,
}
