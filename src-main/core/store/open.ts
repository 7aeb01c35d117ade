import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { applyMigration, latestSchemaVersion, migrations } from './migrations/index.js'
import { removeAbandonedStaging } from './datasets.js'
import { markAbandoned } from './owners.js'

export type Db = Database.Database

export const STORE_FILE_NAME = 'workbench.sqlite'

/** The store was written by a newer NNMF Workbench; we refuse it and leave it untouched. */
export class StoreTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly foundVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `The data store ${file} was written by a newer version of NNMF Workbench ` +
        `(schema ${foundVersion}; this version understands up to ${supportedVersion}). ` +
        `It was left untouched. Update NNMF Workbench, or start it with another data folder.`,
    )
    this.name = 'StoreTooNewError'
  }
}

/**
 * Opens (creating if needed) the SQLite store in `dataDir` and brings its schema up to date.
 * The schema version is read before anything is written, so a store from a newer version is
 * refused byte-identical; migrations read it again under the write lock (see migrate). Then the
 * work of processes that are gone is marked interrupted (store/owners.ts: runs of live processes,
 * this one's or another's, are left alone) and what their imports staged is removed.
 */
export function openDatabase(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, STORE_FILE_NAME)
  const db = new Database(file)
  try {
    const found = db.pragma('user_version', { simple: true }) as number
    if (found > latestSchemaVersion) throw new StoreTooNewError(file, found, latestSchemaVersion)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // Versions only grow: a store already at the latest needs no write lock (another process may hold it).
    if (found < latestSchemaVersion) migrate(db, file)
    sweepAtOpen(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Applies each pending migration in its own transaction together with its schema version. Each
 * transaction takes the write lock (BEGIN IMMEDIATE) before reading user_version, so when two
 * processes open an old store at once the second waits, sees the first one's version and skips
 * what is already applied instead of migrating twice.
 */
function migrate(db: Db, file: string): void {
  for (;;) {
    const applied = db
      .transaction(() => {
        const version = db.pragma('user_version', { simple: true }) as number
        if (version > latestSchemaVersion) throw new StoreTooNewError(file, version, latestSchemaVersion)
        const next = migrations.find((m) => m.version > version)
        if (!next) return false
        applyMigration(db, next)
        db.pragma(`user_version = ${next.version}`)
        return true
      })
      .immediate()
    if (!applied) return
  }
}

/**
 * Housekeeping at open: the runs of gone processes marked interrupted, the datasets their imports
 * (or removals) left hidden removed. A store too busy for it still opens (the next open, or a job's
 * end, sweeps again).
 */
function sweepAtOpen(db: Db): void {
  try {
    markAbandoned(db)
    removeAbandonedStaging(db)
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error
  }
}
