import type { Db } from './open.js'

/**
 * The datasets a file with this content (SHA-256 of its bytes) was already imported into, oldest
 * first: importing the same file twice would otherwise silently make a second, identical dataset.
 */
export function datasetsFromFile(db: Db, sha256: string): { id: number; name: string }[] {
  return db
    .prepare('SELECT DISTINCT d.id AS id, d.name AS name FROM imports i JOIN datasets d ON d.id = i.dataset_id WHERE i.sha256 = ? ORDER BY d.id')
    .all(sha256) as { id: number; name: string }[]
}
