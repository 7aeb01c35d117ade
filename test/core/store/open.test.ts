import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { applyMigration, latestSchemaVersion, migrations } from '../../../src-main/core/store/migrations/index.js'
import { openDatabase, STORE_FILE_NAME, StoreTooNewError } from '../../../src-main/core/store/open.js'

const dirs: string[] = []
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-store-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('openDatabase', () => {
  it('creates the schema at the latest version with WAL and foreign keys on', () => {
    const db = openDatabase(tempDir())
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
    expect(tables).toEqual(expect.arrayContaining(['datasets', 'dataset_rows', 'dataset_columns', 'entries', 'imports', 'settings']))
    db.close()
  })

  it('reopens an existing store without re-running migrations', () => {
    const dir = tempDir()
    openDatabase(dir).close()
    const db = openDatabase(dir)
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion)
    db.close()
  })

  it('refuses a store written by a newer version and leaves it byte-identical', () => {
    const dir = tempDir()
    const file = path.join(dir, STORE_FILE_NAME)
    const future = new Database(file)
    future.exec('CREATE TABLE from_the_future (x INTEGER); INSERT INTO from_the_future VALUES (42);')
    future.pragma(`user_version = ${latestSchemaVersion + 1}`)
    future.close()
    const before = fs.readFileSync(file)

    expect(() => openDatabase(dir)).toThrow(StoreTooNewError)
    expect(() => openDatabase(dir)).toThrow(/newer version of NNMF Workbench/)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
    expect(fs.readdirSync(dir)).toEqual([STORE_FILE_NAME])
  })

  it('lets only one of two processes migrate an old store: the other waits for the lock and rereads the version', async () => {
    const dir = tempDir()
    const file = path.join(dir, STORE_FILE_NAME)
    const first = new Database(file)
    first.pragma('journal_mode = WAL')
    applyMigration(first, migrations[0]!)
    first.pragma('user_version = 1')
    // This connection plays the first process: it holds the write lock while the child opens the store.
    first.exec('BEGIN IMMEDIATE')
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'open-child.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        if (stdout.includes('ready')) resolve()
      }),
    )
    // Long enough for the child to read the version and reach the lock (well under its 5 s busy timeout).
    await new Promise((resolve) => setTimeout(resolve, 700))
    for (const migration of migrations.slice(1)) applyMigration(first, migration)
    first.pragma(`user_version = ${latestSchemaVersion}`)
    first.exec('COMMIT')
    expect(await exited, stderr).toBe(0)
    expect(stdout).toContain(`version ${latestSchemaVersion}`)
    first.close()
  }, 20_000)
})
