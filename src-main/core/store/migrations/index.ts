import { migration001 } from './001-initial.js'
import { migration002 } from './002-models.js'
import { migration003 } from './003-pilots.js'
import { migration004 } from './004-owners.js'

export interface Migration {
  /** Schema version this migration produces; versions are consecutive from 1. */
  version: number
  name: string
  sql: string
}

/** Every migration in order. Add a new numbered file and append it here; never edit a released one. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004]

export const latestSchemaVersion = migrations[migrations.length - 1]!.version
