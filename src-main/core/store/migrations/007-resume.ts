import type { Migration } from './index.js'

/**
 * Resumable training runs. `models.request_json` keeps what was asked (dataset, kind, seed,
 * validation share, pinned settings, engine preference), so the run can be taken up again. A
 * run's resume state (store/models.ts, runs/train-run.ts: the search position, the best model
 * so far, the current fit's parameters, optimiser state, random state, batch order and early
 * stopping) is written with its checkpoints, in the same transaction, and removed when the run
 * completes: JSON in `model_resume`, typed arrays bit for bit in `model_resume_arrays`.
 */
export const migration007: Migration = {
  version: 7,
  name: 'resume',
  sql: `
    ALTER TABLE models ADD COLUMN request_json TEXT;

    CREATE TABLE model_resume (
      model_id    INTEGER PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
      state_json  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    );

    CREATE TABLE model_resume_arrays (
      model_id  INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
      name      TEXT NOT NULL,
      dtype     TEXT NOT NULL CHECK (dtype IN ('float32', 'float64', 'int32')),
      data      BLOB NOT NULL,
      PRIMARY KEY (model_id, name)
    ) WITHOUT ROWID;
  `,
}
