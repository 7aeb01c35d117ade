import type { EnginePreference } from '../models/nnmf/choose-engine.js'
import type { Db } from '../store/open.js'

/**
 * The app's engine setting ("Training engine" on the home page): 'auto' lets the app choose, the
 * others force an engine for every training run and pilot the app starts. Kept in the store's
 * settings table so the job processes, which open the store themselves, read the same value.
 */
export const ENGINE_PREFERENCES = ['auto', 'fastcpu', 'webgpu', 'tfjs'] as const satisfies readonly EnginePreference[]

const KEY = 'engine.preference'

export function readEnginePreference(db: Db): EnginePreference {
  const value = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY)
  return (ENGINE_PREFERENCES as readonly unknown[]).includes(value) ? (value as EnginePreference) : 'auto'
}

export function writeEnginePreference(db: Db, preference: EnginePreference): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, preference)
}

/** What a job runs on: an explicit request wins; a request left at 'auto' follows the app's setting. */
export function effectiveEnginePreference(db: Db, requested: EnginePreference): EnginePreference {
  return requested === 'auto' ? readEnginePreference(db) : requested
}
