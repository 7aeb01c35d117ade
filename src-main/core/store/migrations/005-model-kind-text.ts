import type { Migration } from './index.js'

/** The CHECK that migration 002 put on models.kind, exactly as it stands in the schema. */
const KIND_CHECK = " CHECK (kind IN ('mean', 'bias', 'mf', 'nnmf'))"

/**
 * models.kind becomes plain text validated by the code: the kinds are the list in
 * core/models/specs.ts, and a new model must not need a migration. SQLite cannot drop a CHECK with
 * ALTER TABLE; this is the procedure its documentation gives for removing CHECK constraints
 * (https://www.sqlite.org/lang_altertable.html, "making other kinds of table schema changes"):
 * edit the table's SQL in sqlite_schema and bump schema_version, in the migration's transaction.
 * The rows, the columns other migrations added and the foreign keys are untouched.
 */
export const migration005: Migration = {
  version: 5,
  name: 'model-kind-text',
  apply(db) {
    const table = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'models'").get() as { sql: string } | undefined
    if (!table?.sql.includes(KIND_CHECK)) throw new Error('migration 5: the models table lacks the kind CHECK it expects')
    const schemaVersion = db.pragma('schema_version', { simple: true }) as number
    // better-sqlite3 opens connections in defensive mode, which forbids writing sqlite_schema.
    db.unsafeMode(true)
    try {
      db.pragma('writable_schema = ON')
      db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'models'").run(table.sql.replace(KIND_CHECK, ''))
      db.pragma(`schema_version = ${schemaVersion + 1}`)
      db.pragma('writable_schema = OFF')
    } finally {
      db.unsafeMode(false)
    }
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(`migration 5: quick_check says ${String(check)}`)
  },
}
