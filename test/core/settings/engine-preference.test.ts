import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { effectiveEnginePreference, readEnginePreference, writeEnginePreference } from '../../../src-main/core/settings/engine-preference.js'
import { openDatabase, type Db } from '../../../src-main/core/store/open.js'
import { readSettings, writeSettings } from '../../../src-main/services/settings.js'

const dirs: string[] = []
function freshStore(): { db: Db; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-engine-setting-'))
  dirs.push(dir)
  return { db: openDatabase(dir), dir }
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('the engine setting', () => {
  it('is automatic until set, and another connection (a job process) reads what the app wrote', () => {
    const { db, dir } = freshStore()
    expect(readSettings(db).engine).toBe('auto')
    expect(writeSettings(db, { engine: 'webgpu' }).engine).toBe('webgpu')
    const job = openDatabase(dir)
    expect(readEnginePreference(job)).toBe('webgpu')
    job.close()
    db.close()
  })

  it('forces requests left at auto and leaves explicit ones alone', () => {
    const { db } = freshStore()
    expect(effectiveEnginePreference(db, 'auto')).toBe('auto')
    writeEnginePreference(db, 'fastcpu')
    expect(effectiveEnginePreference(db, 'auto')).toBe('fastcpu')
    expect(effectiveEnginePreference(db, 'webgpu')).toBe('webgpu')
    db.close()
  })

  it('reads a value this version does not know as auto', () => {
    const { db } = freshStore()
    db.prepare("INSERT INTO settings (key, value) VALUES ('engine.preference', 'quantum')").run()
    expect(readEnginePreference(db)).toBe('auto')
    db.close()
  })
})
