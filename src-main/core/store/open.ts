import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { latestSchemaVersion, migrations } from './migrations/index.js'

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
 * refused byte-identical.
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
    migrate(db, found)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/** Applies each pending migration in its own transaction together with its schema version. */
function migrate(db: Db, fromVersion: number): void {
  for (const migration of migrations) {
    if (migration.version <= fromVersion) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.pragma(`user_version = ${migration.version}`)
    }).immediate()
  }
}
