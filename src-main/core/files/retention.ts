import fs from 'node:fs'
import path from 'node:path'

/**
 * How long the data folder keeps files that crossed the transport: uploads (copies of the files
 * people picked) and exports (written for a download). Plant data should not stay on disk forever.
 */
export interface RetentionPolicy {
  /** Remove an export's file once it has been downloaded (saved) in full. */
  deleteExportsAfterDownload: boolean
  /** Remove uploads and exports older than this many days when the app starts; 0 keeps them. */
  maxAgeDays: number
}

export const DEFAULT_RETENTION: RetentionPolicy = { deleteExportsAfterDownload: true, maxAgeDays: 7 }

/** The folders under uploads/ and exports/ are named by random UUIDs; nothing else there is touched. */
export const DROP_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const DAY_MS = 24 * 60 * 60 * 1000

/** The newest modification time of a folder and the files in it (a slot holds one file). */
function newestChange(dir: string): number {
  let newest = fs.statSync(dir).mtimeMs
  for (const name of fs.readdirSync(dir)) newest = Math.max(newest, fs.statSync(path.join(dir, name)).mtimeMs)
  return newest
}

/**
 * Removes upload and export folders last changed more than `maxAgeDays` before `now` (ms since the
 * epoch; passed in so tests can move the clock). Returns the ids removed. A folder that vanishes or
 * cannot be read meanwhile (another process cleaning too) is skipped.
 */
export function sweepOldFiles(dataDir: string, maxAgeDays: number, now: number): string[] {
  if (!(maxAgeDays > 0)) return []
  const cutoff = now - maxAgeDays * DAY_MS
  const removed: string[] = []
  for (const kind of ['uploads', 'exports'] as const) {
    const root = path.join(dataDir, kind)
    if (!fs.existsSync(root)) continue
    for (const id of fs.readdirSync(root)) {
      if (!DROP_ID_PATTERN.test(id)) continue
      const dir = path.join(root, id)
      try {
        if (newestChange(dir) >= cutoff) continue
        fs.rmSync(dir, { recursive: true, force: true })
        removed.push(`${kind}/${id}`)
      } catch {
        // Gone or unreadable: the next start tries again.
      }
    }
  }
  return removed
}
