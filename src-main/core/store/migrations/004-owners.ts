import type { Migration } from './index.js'

/**
 * Run ownership. Several processes share one store (the app, its job processes, scheduled CLI
 * runs), so a 'training' model or a 'running' pilot belongs to the process that runs it: `owners`
 * holds one row per process connection (process id, host, start time) with a heartbeat that the
 * process refreshes every few seconds. A run is left behind only when its owner is gone (see
 * store/owners.ts); runs of live owners stay as they are, whoever opens the store.
 * `progress_json` is the owner's latest progress of a run, written with the heartbeat, so other
 * processes can show it.
 */
export const migration004: Migration = {
  version: 4,
  name: 'owners',
  sql: `
    CREATE TABLE owners (
      id            TEXT PRIMARY KEY,
      pid           INTEGER NOT NULL,
      host          TEXT NOT NULL,
      started_at    TEXT NOT NULL,
      heartbeat_ms  INTEGER NOT NULL
    );

    ALTER TABLE models ADD COLUMN owner_id TEXT;
    ALTER TABLE models ADD COLUMN progress_json TEXT;
    ALTER TABLE pilots ADD COLUMN owner_id TEXT;
    ALTER TABLE pilots ADD COLUMN progress_json TEXT;
  `,
}
