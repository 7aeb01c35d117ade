import { parsePilotConfig, type PilotConfig, type ResolvedPilotConfig } from '../pilot/config.js'
import { upgradePilotResult } from '../pilot/legacy.js'
import type { PilotResult } from '../pilot/result.js'
import type { Db } from './open.js'
import { markAbandoned } from './owners.js'

/**
 * Pilots in the store: created 'running' with their configuration before the first model trains,
 * finished with their result (or the error / cancellation) in one statement. Results are the
 * runner's JSON as it is, so the results page and the report read exactly what the run computed.
 */

export type PilotStatus = 'running' | 'complete' | 'cancelled' | 'failed' | 'interrupted'

export interface PilotRecord {
  id: number
  datasetId: number | null
  name: string
  config: ResolvedPilotConfig
  status: PilotStatus
  dataHash: string
  engine: string | null
  backend: string | null
  createdAt: string
  finishedAt: string | null
  error: string | null
  /** The owner (store/owners.ts) of a running pilot; null for pilots stored before owners existed. */
  ownerId: string | null
  /** The owner's latest progress of a running pilot (the runner's PilotProgress), written with its heartbeat. */
  progress: unknown
}

export interface PilotRecordWithResult extends PilotRecord {
  result: PilotResult | null
}

interface PilotRow {
  id: number
  dataset_id: number | null
  name: string
  config_json: string
  status: PilotStatus
  data_hash: string
  engine: string | null
  backend: string | null
  result_json: string | null
  error: string | null
  created_at: string
  finished_at: string | null
  owner_id: string | null
  progress_json: string | null
}

const LIST_COLUMNS = 'id, dataset_id, name, config_json, status, data_hash, engine, backend, error, created_at, finished_at, owner_id, progress_json'

function toRecord(row: Omit<PilotRow, 'result_json'>): PilotRecord {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    name: row.name,
    config: JSON.parse(row.config_json) as ResolvedPilotConfig,
    status: row.status,
    dataHash: row.data_hash,
    engine: row.engine,
    backend: row.backend,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    error: row.error,
    ownerId: row.owner_id,
    progress: row.progress_json === null ? null : JSON.parse(row.progress_json),
  }
}

export interface NewPilot {
  config: PilotConfig
  /** Fingerprint of the dataset the pilot runs on (datasets.data_hash). */
  dataHash: string
  name?: string
  engine?: string | null
  backend?: string | null
  /** The owner id of the process that starts it (store/owners.ts ownerId). */
  owner?: string | null
}

/** Inserts a running pilot with its validated configuration; returns its id. */
export function createPilot(db: Db, pilot: NewPilot, now: () => Date = () => new Date()): number {
  const config = parsePilotConfig(pilot.config)
  const name = pilot.name ?? config.name ?? `Pilot ${now().toISOString().slice(0, 16).replace('T', ' ')}`
  return Number(
    db
      .prepare(
        `INSERT INTO pilots (dataset_id, name, config_json, status, data_hash, engine, backend, owner_id, created_at)
       VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)`,
      )
      .run(
        config.datasetId,
        name,
        JSON.stringify(config),
        pilot.dataHash,
        pilot.engine ?? null,
        pilot.backend ?? null,
        pilot.owner ?? null,
        now().toISOString(),
      ).lastInsertRowid,
  )
}

/**
 * Hands a running pilot to the process that runs it (the app creates it, its job process runs
 * it). False when the pilot is no longer running (cancelled, or marked interrupted meanwhile).
 */
export function claimPilot(db: Db, id: number, owner: string): boolean {
  return db.prepare("UPDATE pilots SET owner_id = ? WHERE id = ? AND status = 'running'").run(owner, id).changes === 1
}

function finishWith(db: Db, id: number, status: Exclude<PilotStatus, 'running'>, fields: { result?: PilotResult; error?: string }, now: () => Date): void {
  const changed = db
    .prepare(
      `UPDATE pilots SET status = ?, result_json = coalesce(?, result_json), error = ?, finished_at = ?, progress_json = NULL,
       engine = coalesce(?, engine), backend = coalesce(?, backend)
     WHERE id = ?`,
    )
    .run(
      status,
      fields.result ? JSON.stringify(fields.result) : null,
      fields.error ?? null,
      now().toISOString(),
      fields.result?.engine?.name ?? null,
      fields.result?.engine?.backend ?? null,
      id,
    ).changes
  if (changed !== 1) throw new Error(`No pilot with id ${id}`)
}

/** Stores the result and marks the pilot complete. */
export function finishPilot(db: Db, id: number, result: PilotResult, now: () => Date = () => new Date()): void {
  finishWith(db, id, 'complete', { result }, now)
}

/** Marks the pilot failed with a message for people (what happened, what to do next). */
export function failPilot(db: Db, id: number, error: string, now: () => Date = () => new Date()): void {
  finishWith(db, id, 'failed', { error }, now)
}

export function cancelPilot(db: Db, id: number, now: () => Date = () => new Date()): void {
  finishWith(db, id, 'cancelled', {}, now)
}

/** Marks one pilot interrupted: the process running it died (see markInterruptedPilots for the sweep). */
export function interruptPilot(db: Db, id: number, now: () => Date = () => new Date()): void {
  finishWith(db, id, 'interrupted', {}, now)
}

/**
 * Pilots still 'running' whose owner is gone become 'interrupted'; those of live owners (the app's
 * jobs, a scheduled CLI pilot) are left alone (store/owners.ts). Training runs of gone owners are
 * marked too. Returns how many pilots.
 */
export function markInterruptedPilots(db: Db, now: () => Date = () => new Date()): number {
  return markAbandoned(db, { now }).pilots
}

/** Pilots newest first, without their results (those can be large). */
export function listPilots(db: Db, filter: { datasetId?: number } = {}): PilotRecord[] {
  const rows = (
    filter.datasetId === undefined
      ? db.prepare(`SELECT ${LIST_COLUMNS} FROM pilots ORDER BY created_at DESC, id DESC`).all()
      : db.prepare(`SELECT ${LIST_COLUMNS} FROM pilots WHERE dataset_id = ? ORDER BY created_at DESC, id DESC`).all(filter.datasetId)
  ) as PilotRow[]
  return rows.map(toRecord)
}

/** The stored verdict of a complete pilot (null otherwise), read from its result without loading all of it. */
export function pilotVerdict(db: Db, pilotId: number): string | null {
  const row = db
    .prepare("SELECT json_extract(result_json, '$.version') AS version, json_extract(result_json, '$.comparison.verdict') AS verdict FROM pilots WHERE id = ?")
    .get(pilotId) as { version: number | null; verdict: string | null } | undefined
  if (!row || row.verdict === null) return null
  // Version 1 verdicts are decided again when read (pilot/legacy.ts).
  return row.version !== null && row.version < 2 ? (getPilot(db, pilotId)?.result?.comparison?.verdict ?? null) : row.verdict
}

export function getPilot(db: Db, id: number): PilotRecordWithResult | undefined {
  const row = db.prepare('SELECT * FROM pilots WHERE id = ?').get(id) as PilotRow | undefined
  if (!row) return undefined
  return { ...toRecord(row), result: row.result_json ? upgradePilotResult(JSON.parse(row.result_json)) : null }
}

/**
 * The configuration of a stored pilot with changes laid over it, validated: the starting point of
 * "duplicate with changed settings" and of "re-run" (no changes). Not inserted: the caller creates
 * the new pilot when it starts running it.
 */
export function duplicatePilotConfig(db: Db, id: number, changes: Partial<PilotConfig> = {}): ResolvedPilotConfig {
  const row = db.prepare('SELECT config_json FROM pilots WHERE id = ?').get(id) as Pick<PilotRow, 'config_json'> | undefined
  if (!row) throw new Error(`No pilot with id ${id}`)
  const base = JSON.parse(row.config_json) as PilotConfig
  return parsePilotConfig({ ...base, ...changes })
}

export function deletePilot(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM pilots WHERE id = ?').run(id).changes === 1
}
