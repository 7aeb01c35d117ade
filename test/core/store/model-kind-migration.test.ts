import Database from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { applyMigration, migrations } from '../../../src-main/core/store/migrations/index.js'
import { openDatabase, STORE_FILE_NAME } from '../../../src-main/core/store/open.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** A store as version 4 left it, with one model and its blob. */
function storeAtVersion4(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-kind-'))
  dirs.push(dir)
  const db = new Database(path.join(dir, STORE_FILE_NAME))
  db.pragma('foreign_keys = ON')
  for (const migration of migrations.filter((m) => m.version <= 4)) applyMigration(db, migration)
  db.pragma('user_version = 4')
  db.prepare(
    `INSERT INTO models (id, dataset_id, kind, name, config_json, backend, engine, seed, data_hash, status, created_at, updated_at)
     VALUES (1, NULL, 'mf', 'old', '{}', 'cpu', 'typed-arrays', 0, 'h', 'complete', 't', 't')`,
  ).run()
  db.prepare("INSERT INTO model_blobs (model_id, name, dtype, shape_json, data) VALUES (1, 'U', 'float32', '[1]', ?)").run(Buffer.from([1, 2, 3, 4]))
  expect(() => db.prepare("UPDATE models SET kind = 'knn' WHERE id = 1").run()).toThrow(/CHECK constraint failed/)
  db.close()
  return dir
}

describe('migration 5: the model kind is text the code validates', () => {
  it('drops the CHECK on models.kind and keeps every row, column, blob and foreign key', () => {
    const dir = storeAtVersion4()
    const db = openDatabase(dir)
    try {
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5)
      expect(db.prepare('SELECT kind, name, owner_id FROM models').all()).toEqual([{ kind: 'mf', name: 'old', owner_id: null }])
      db.prepare(
        `INSERT INTO models (id, dataset_id, kind, name, config_json, backend, engine, seed, data_hash, status, created_at, updated_at)
         VALUES (2, NULL, 'knn', 'new', '{}', 'cpu', 'typed-arrays', 0, 'h', 'complete', 't', 't')`,
      ).run()
      expect(db.prepare('SELECT kind FROM models ORDER BY id').all()).toEqual([{ kind: 'mf' }, { kind: 'knn' }])
      // The status CHECK stays, and deleting a model still cascades to its blobs.
      expect(() => db.prepare("UPDATE models SET status = 'bogus' WHERE id = 1").run()).toThrow(/CHECK constraint failed/)
      expect(db.prepare('SELECT COUNT(*) AS n FROM model_blobs').get()).toEqual({ n: 1 })
      db.prepare('DELETE FROM models WHERE id = 1').run()
      expect(db.prepare('SELECT COUNT(*) AS n FROM model_blobs').get()).toEqual({ n: 0 })
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      db.close()
    }
  })
})
