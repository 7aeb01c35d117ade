import { migration001 } from './001-initial.js'
import { migration002 } from './002-models.js'
import { migration003 } from './003-pilots.js'
import type Database from 'better-sqlite3'
import { migration004 } from './004-owners.js'
import { migration005 } from './005-model-kind-text.js'
import { migration006 } from './006-import-staging.js'
import { migration007 } from './007-resume.js'

export interface Migration {
  /** Schema version this migration produces; versions are consecutive from 1. */
  version: number
  name: string
  /** The change, as SQL, or as a function for what SQL alone cannot say (run in the same transaction). */
  sql?: string
  apply?: (db: Database.Database) => void
}

/** Every migration in order. Add a new numbered file and append it here; never edit a released one. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007]

/** Runs one migration's SQL and function on db (inside the caller's transaction). */
export function applyMigration(db: Database.Database, migration: Migration): void {
  if (migration.sql) db.exec(migration.sql)
  migration.apply?.(db)
}

export const latestSchemaVersion = migrations[migrations.length - 1]!.version
