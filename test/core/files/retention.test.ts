import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { sweepOldFiles } from '../../../src-main/core/files/retention.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const tempDir = useTempDirs()
const DAY = 24 * 60 * 60 * 1000
/** The fake clock: a fixed "now", with every file's time set relative to it. */
const NOW = Date.UTC(2030, 0, 15, 12)

/** A slot under uploads/ or exports/ whose folder and file were last changed `ageDays` before NOW. */
function slot(dataDir: string, kind: 'uploads' | 'exports', ageDays: number, id = randomUUID()): string {
  const dir = path.join(dataDir, kind, id)
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'plant.csv')
  fs.writeFileSync(file, 'a,b\n1,2\n')
  const when = new Date(NOW - ageDays * DAY)
  fs.utimesSync(file, when, when)
  fs.utimesSync(dir, when, when)
  return `${kind}/${id}`
}

describe('sweepOldFiles', () => {
  it('removes uploads and exports older than N days, keeps newer ones and anything not a slot', () => {
    const dataDir = tempDir()
    const old = [slot(dataDir, 'uploads', 8), slot(dataDir, 'exports', 30)]
    const fresh = [slot(dataDir, 'uploads', 6.9), slot(dataDir, 'exports', 0)]
    const stranger = path.join(dataDir, 'uploads', 'keep-me')
    fs.mkdirSync(stranger)
    fs.utimesSync(stranger, new Date(NOW - 100 * DAY), new Date(NOW - 100 * DAY))

    expect(sweepOldFiles(dataDir, 7, NOW).sort()).toEqual([...old].sort())
    for (const id of old) expect(fs.existsSync(path.join(dataDir, id))).toBe(false)
    for (const id of fresh) expect(fs.existsSync(path.join(dataDir, id))).toBe(true)
    expect(fs.existsSync(stranger)).toBe(true)
  })

  it('moves with the clock: the same files go a day later', () => {
    const dataDir = tempDir()
    const id = slot(dataDir, 'exports', 6.5)
    expect(sweepOldFiles(dataDir, 7, NOW)).toEqual([])
    expect(sweepOldFiles(dataDir, 7, NOW + DAY)).toEqual([id])
  })

  it('keeps everything with 0 days, and copes with no uploads or exports folder', () => {
    const dataDir = tempDir()
    expect(sweepOldFiles(dataDir, 7, NOW)).toEqual([])
    const id = slot(dataDir, 'uploads', 365)
    expect(sweepOldFiles(dataDir, 0, NOW)).toEqual([])
    expect(fs.existsSync(path.join(dataDir, id))).toBe(true)
  })
})
