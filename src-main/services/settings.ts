import type { Settings } from '../contract/schemas.js'
import { DEFAULT_RETENTION } from '../core/files/retention.js'
import { readEnginePreference, writeEnginePreference } from '../core/settings/engine-preference.js'
import type { Db } from '../core/store/open.js'

const LANGUAGE_KEY = 'language'
const DELETE_AFTER_DOWNLOAD_KEY = 'retention.deleteExportsAfterDownload'
const MAX_AGE_DAYS_KEY = 'retention.maxAgeDays'

export function readSettings(db: Db): Settings {
  const get = (key: string): string | undefined => db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined
  const language = get(LANGUAGE_KEY)
  const afterDownload = get(DELETE_AFTER_DOWNLOAD_KEY)
  const maxAgeDays = Number(get(MAX_AGE_DAYS_KEY))
  return {
    language: language === 'ja' || language === 'en' ? language : null,
    retention: {
      deleteExportsAfterDownload: afterDownload === undefined ? DEFAULT_RETENTION.deleteExportsAfterDownload : afterDownload === 'true',
      maxAgeDays: get(MAX_AGE_DAYS_KEY) !== undefined && Number.isInteger(maxAgeDays) && maxAgeDays >= 0 ? maxAgeDays : DEFAULT_RETENTION.maxAgeDays,
    },
    engine: readEnginePreference(db),
  }
}

export function writeSettings(db: Db, changes: Partial<Settings>): Settings {
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
  db.transaction(() => {
    if (changes.language !== undefined) {
      if (changes.language === null) db.prepare('DELETE FROM settings WHERE key = ?').run(LANGUAGE_KEY)
      else set.run(LANGUAGE_KEY, changes.language)
    }
    if (changes.retention !== undefined) {
      set.run(DELETE_AFTER_DOWNLOAD_KEY, String(changes.retention.deleteExportsAfterDownload))
      set.run(MAX_AGE_DAYS_KEY, String(changes.retention.maxAgeDays))
    }
    if (changes.engine !== undefined) writeEnginePreference(db, changes.engine)
  })()
  return readSettings(db)
}
