import path from 'node:path'
import type { Db } from './open.js'

/** The data folder of an open store: where files kept beside workbench.sqlite (such as the engine probe cache) live. */
export function dataDirOf(db: Db): string {
  return path.dirname(db.name)
}
