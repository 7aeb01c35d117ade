import type { Settings } from '../contract/schemas.js'
import type { Db } from '../core/store/open.js'

const LANGUAGE_KEY = 'language'

export function readSettings(db: Db): Settings {
  const language = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(LANGUAGE_KEY) as string | undefined
  return { language: language === 'ja' || language === 'en' ? language : null }
}

export function writeSettings(db: Db, changes: Partial<Settings>): Settings {
  if (changes.language !== undefined) {
    if (changes.language === null) db.prepare('DELETE FROM settings WHERE key = ?').run(LANGUAGE_KEY)
    else db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(LANGUAGE_KEY, changes.language)
  }
  return readSettings(db)
}
