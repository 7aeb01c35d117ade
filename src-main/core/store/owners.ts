import { randomUUID } from 'node:crypto'
import os from 'node:os'
import type { Db } from './open.js'

/**
 * Who runs what. Many processes share one store: the app's main process, its job processes, and
 * CLI runs started by hand or by a scheduler. Each connection that starts work registers as an
 * owner (a row in `owners`: process id, host, start time) and refreshes a heartbeat every
 * HEARTBEAT_EVERY_MS in a short write transaction. A training run ('training'), a pilot ('running')
 * and an import being staged carry their owner's id.
 *
 * An owner is gone when
 *  - it is on this host and its process no longer exists, or it is on this host and its heartbeat
 *    is older than STALE_SAME_HOST_MS (the process id was recycled by another program, or the process
 *    hangs), or
 *  - it is on another host (a store on a shared folder) and its heartbeat is older than
 *    STALE_OTHER_HOST_MS.
 * Only the work of owners that are gone (or of none: rows written before owners existed) is
 * marked interrupted or cleaned up; the work of live owners is left alone, whoever opens the store.
 * Heartbeats compare clocks across hosts, so hosts sharing a store need clocks within a few seconds.
 */

/** How often an owner refreshes its heartbeat (and writes its runs' latest progress). */
export const HEARTBEAT_EVERY_MS = 2_000
/** An owner on another host is gone when its heartbeat is older than this. */
export const STALE_OTHER_HOST_MS = 60_000
/** An owner on this host whose process still exists is gone only when its heartbeat is older than this. */
export const STALE_SAME_HOST_MS = 10 * 60_000

export interface OwnerRecord {
  id: string
  pid: number
  host: string
  startedAt: string
  heartbeatMs: number
}

interface OwnerRow {
  id: string
  pid: number
  host: string
  started_at: string
  heartbeat_ms: number
}

export type OwnedTable = 'models' | 'pilots'

interface Registration {
  id: string
  startedAt: string
  timer: NodeJS.Timeout
  /** Latest progress of this owner's runs, written with the next heartbeat. */
  progress: Map<string, { table: OwnedTable; id: number; json: string }>
}

const registrations = new WeakMap<Db, Registration>()

function insertOwner(db: Db, registration: Pick<Registration, 'id' | 'startedAt'>, nowMs: number): void {
  db.prepare('INSERT OR REPLACE INTO owners (id, pid, host, started_at, heartbeat_ms) VALUES (?, ?, ?, ?, ?)').run(
    registration.id,
    process.pid,
    os.hostname(),
    registration.startedAt,
    nowMs,
  )
}

/**
 * This connection's owner id, registering it (and starting its heartbeat) on first use. Call it
 * before inserting the row that names it, so the owner is in the store before its work is.
 */
export function ownerId(db: Db): string {
  const known = registrations.get(db)
  if (known) return known.id
  const registration: Registration = {
    id: randomUUID(),
    startedAt: new Date().toISOString(),
    progress: new Map(),
    timer: setInterval(() => beat(db), HEARTBEAT_EVERY_MS),
  }
  // The heartbeat never keeps a process alive that has nothing else to do.
  registration.timer.unref()
  insertOwner(db, registration, Date.now())
  registrations.set(db, registration)
  return registration.id
}

/** Ends this connection's ownership: stops the heartbeat and removes its owner row. Call before closing the store. */
export function releaseOwner(db: Db): void {
  const registration = registrations.get(db)
  if (!registration) return
  clearInterval(registration.timer)
  registrations.delete(db)
  if (!db.open) return
  try {
    flushProgress(db, registration)
    db.prepare('DELETE FROM owners WHERE id = ?').run(registration.id)
  } catch {
    // A busy store: the row stays and is removed by whoever next finds this process gone.
  }
}

/**
 * Records the latest progress of a run this connection owns; it is written with the next
 * heartbeat (not now: progress comes many times a second, the store needs it every few seconds).
 */
export function reportProgress(db: Db, table: OwnedTable, id: number, progress: unknown): void {
  const registration = registrations.get(db)
  if (!registration) return
  registration.progress.set(`${table}:${id}`, { table, id, json: JSON.stringify(progress) })
}

function flushProgress(db: Db, registration: Registration): void {
  for (const { table, id, json } of registration.progress.values()) {
    db.prepare(`UPDATE ${table} SET progress_json = ? WHERE id = ? AND owner_id = ?`).run(json, id, registration.id)
  }
  registration.progress.clear()
}

/** One heartbeat: the owner's time and its runs' latest progress, in one short transaction. */
export function beat(db: Db, nowMs = Date.now()): void {
  const registration = registrations.get(db)
  if (!registration) return
  if (!db.open) {
    clearInterval(registration.timer)
    registrations.delete(db)
    return
  }
  try {
    db.transaction(() => {
      const changed = db.prepare('UPDATE owners SET heartbeat_ms = ? WHERE id = ?').run(nowMs, registration.id).changes
      // Another process took us for gone (a long stall) and removed the row: we are back.
      if (changed === 0) insertOwner(db, registration, nowMs)
      flushProgress(db, registration)
    }).immediate()
  } catch {
    // The store is busy beyond its timeout, or the disk is full: the next beat tries again.
  }
}

/** Whether a process with this id exists on this host (EPERM: it exists but belongs to another user). */
export function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface LivenessOptions {
  nowMs?: number
  host?: string
  /** Process ids on this host known to have ended (a job process that just exited). */
  endedPids?: readonly number[]
}

/** Whether an owner is gone (see the rules at the top of this file). */
export function ownerGone(owner: OwnerRecord, options: LivenessOptions = {}): boolean {
  const nowMs = options.nowMs ?? Date.now()
  const age = nowMs - owner.heartbeatMs
  if (owner.host !== (options.host ?? os.hostname())) return age > STALE_OTHER_HOST_MS
  if (options.endedPids?.includes(owner.pid)) return true
  return !processExists(owner.pid) || age > STALE_SAME_HOST_MS
}

export function listOwners(db: Db): OwnerRecord[] {
  return (db.prepare('SELECT * FROM owners').all() as OwnerRow[]).map((row) => ({
    id: row.id,
    pid: row.pid,
    host: row.host,
    startedAt: row.started_at,
    heartbeatMs: row.heartbeat_ms,
  }))
}

/** Whether the work of `owner` (an owner id, or null for work written before owners existed) may still be going on. */
export function ownerAlive(db: Db, owner: string | null, options: LivenessOptions = {}): boolean {
  if (owner === null) return false
  if (registrations.get(db)?.id === owner) return true
  const row = db.prepare('SELECT * FROM owners WHERE id = ?').get(owner) as OwnerRow | undefined
  if (!row) return false
  return !ownerGone({ id: row.id, pid: row.pid, host: row.host, startedAt: row.started_at, heartbeatMs: row.heartbeat_ms }, options)
}

/** Ids of the registered owners that are gone. */
function goneOwners(db: Db, options: LivenessOptions): string[] {
  const self = registrations.get(db)?.id
  return listOwners(db)
    .filter((owner) => owner.id !== self && ownerGone(owner, options))
    .map((owner) => owner.id)
}

const ABANDONED = (table: OwnedTable, status: string): string =>
  `${table}.status = '${status}' AND (${table}.owner_id IS NULL OR ${table}.owner_id NOT IN (SELECT id FROM owners) ` +
  `OR ${table}.owner_id IN (SELECT value FROM json_each(?)))`

export interface AbandonedCounts {
  runs: number
  pilots: number
}

/**
 * Marks the training runs and pilots whose owner is gone as 'interrupted' and removes the gone
 * owners, in one short transaction taken only when there is something to mark or remove. Run when
 * a store is opened and when a job process dies.
 */
export function markAbandoned(db: Db, options: LivenessOptions & { now?: () => Date } = {}): AbandonedCounts {
  const count = (gone: string): AbandonedCounts => ({
    runs: db
      .prepare(`SELECT COUNT(*) FROM models WHERE ${ABANDONED('models', 'training')}`)
      .pluck()
      .get(gone) as number,
    pilots: db
      .prepare(`SELECT COUNT(*) FROM pilots WHERE ${ABANDONED('pilots', 'running')}`)
      .pluck()
      .get(gone) as number,
  })
  // A read first: opening a store whose runs are all alive (or finished) writes nothing.
  const first = goneOwners(db, options)
  const found = count(JSON.stringify(first))
  if (first.length === 0 && found.runs === 0 && found.pilots === 0) return { runs: 0, pilots: 0 }
  return db
    .transaction(() => {
      // Again under the write lock: owners may have come and gone since the read.
      const gone = JSON.stringify(goneOwners(db, options))
      const at = (options.now?.() ?? new Date()).toISOString()
      const runs = db.prepare(`UPDATE models SET status = 'interrupted', updated_at = ? WHERE ${ABANDONED('models', 'training')}`).run(at, gone).changes
      const pilots = db.prepare(`UPDATE pilots SET status = 'interrupted', finished_at = ? WHERE ${ABANDONED('pilots', 'running')}`).run(at, gone).changes
      db.prepare('DELETE FROM owners WHERE id IN (SELECT value FROM json_each(?))').run(gone)
      return { runs, pilots }
    })
    .immediate()
}
