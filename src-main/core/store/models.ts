import type { SavedModel, TrainingProgress } from '../models/model.js'
import type { ModelKind } from '../models/specs.js'
import type { FitResumeState, StateArray } from '../models/resume-state.js'
import type { Db } from './open.js'
import { markAbandoned } from './owners.js'

/**
 * Trained models in the store. Every write that touches a model's parameters replaces its blobs
 * and its row in one transaction, so a crash leaves either the previous checkpoint or the new one.
 * Blobs hold the Float32 bytes as they are, so a loaded model predicts bitwise what it did.
 */

export type ModelStatus = 'training' | 'complete' | 'interrupted' | 'cancelled' | 'failed'

export interface ModelRecord {
  id: number
  datasetId: number | null
  kind: ModelKind
  name: string
  backend: string
  engine: string
  seed: number
  dataHash: string
  metrics: Record<string, unknown>
  curve: TrainingProgress[]
  status: ModelStatus
  /** The owner (store/owners.ts) of a run while it trains; null for runs stored before owners existed. */
  ownerId: string | null
  /** The owner's latest progress of a 'training' run, written with its heartbeat. */
  progress: unknown
  createdAt: string
  updatedAt: string
}

export interface NewModel {
  datasetId: number | null
  name: string
  backend: string
  engine: string
  seed: number
  dataHash: string
  status: ModelStatus
  saved: SavedModel
  metrics?: Record<string, unknown>
  curve?: TrainingProgress[]
  /** The owner id of the process training it (store/owners.ts ownerId); needed for status 'training'. */
  owner?: string | null
  /** What was asked (runs/train-run.ts), kept so the run can be resumed. */
  request?: unknown
}

interface ModelRow {
  id: number
  dataset_id: number | null
  kind: ModelKind
  name: string
  config_json: string
  backend: string
  engine: string
  seed: number
  data_hash: string
  metrics_json: string
  curve_json: string
  status: ModelStatus
  owner_id: string | null
  progress_json: string | null
  request_json: string | null
  created_at: string
  updated_at: string
}

function toRecord(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    kind: row.kind,
    name: row.name,
    backend: row.backend,
    engine: row.engine,
    seed: row.seed,
    dataHash: row.data_hash,
    metrics: JSON.parse(row.metrics_json) as Record<string, unknown>,
    curve: JSON.parse(row.curve_json) as TrainingProgress[],
    status: row.status,
    ownerId: row.owner_id,
    progress: row.progress_json === null ? null : JSON.parse(row.progress_json),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function replaceBlobs(db: Db, modelId: number, blobs: Record<string, Float32Array>): void {
  db.prepare('DELETE FROM model_blobs WHERE model_id = ?').run(modelId)
  const insert = db.prepare('INSERT INTO model_blobs (model_id, name, dtype, shape_json, data) VALUES (?, ?, ?, ?, ?)')
  for (const [name, array] of Object.entries(blobs)) {
    insert.run(modelId, name, 'float32', JSON.stringify([array.length]), Buffer.from(array.buffer, array.byteOffset, array.byteLength))
  }
}

/** Inserts a model (row and blobs) in one transaction; returns its id. */
export function saveModel(db: Db, model: NewModel, now: () => Date = () => new Date()): number {
  const at = now().toISOString()
  return db
    .transaction(() => {
      const id = Number(
        db
          .prepare(
            `INSERT INTO models (dataset_id, kind, name, config_json, backend, engine, seed, data_hash, metrics_json, curve_json, status, owner_id, request_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            model.datasetId,
            model.saved.kind,
            model.name,
            JSON.stringify(model.saved.config),
            model.backend,
            model.engine,
            model.seed,
            model.dataHash,
            JSON.stringify(model.metrics ?? {}),
            JSON.stringify(model.curve ?? []),
            model.status,
            model.owner ?? null,
            model.request === undefined ? null : JSON.stringify(model.request),
            at,
            at,
          ).lastInsertRowid,
      )
      replaceBlobs(db, id, model.saved.blobs)
      return id
    })
    .immediate()
}

/**
 * Replaces a run's parameters and curve with the latest checkpoint, and with `resume` its resume
 * state (see migration 007), atomically.
 */
export function writeCheckpoint(
  db: Db,
  modelId: number,
  saved: SavedModel,
  curve: TrainingProgress[],
  resume?: FitResumeState,
  now: () => Date = () => new Date(),
): void {
  db.transaction(() => {
    const at = now().toISOString()
    const changed = db
      .prepare('UPDATE models SET config_json = ?, curve_json = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(saved.config), JSON.stringify(curve), at, modelId).changes
    if (changed !== 1) throw new Error(`No model with id ${modelId}`)
    replaceBlobs(db, modelId, saved.blobs)
    if (resume) replaceResumeState(db, modelId, resume, at)
  }).immediate()
}

const DTYPES = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const
type Dtype = keyof typeof DTYPES

function dtypeOf(array: StateArray): Dtype {
  if (array instanceof Float32Array) return 'float32'
  if (array instanceof Float64Array) return 'float64'
  return 'int32'
}

function replaceResumeState(db: Db, modelId: number, state: FitResumeState, at: string): void {
  db.prepare('INSERT OR REPLACE INTO model_resume (model_id, state_json, updated_at) VALUES (?, ?, ?)').run(modelId, JSON.stringify(state.json), at)
  db.prepare('DELETE FROM model_resume_arrays WHERE model_id = ?').run(modelId)
  const insert = db.prepare('INSERT INTO model_resume_arrays (model_id, name, dtype, data) VALUES (?, ?, ?, ?)')
  for (const [name, array] of Object.entries(state.arrays)) {
    insert.run(modelId, name, dtypeOf(array), Buffer.from(array.buffer, array.byteOffset, array.byteLength))
  }
}

/** The run's last resume state, arrays bit for bit as written; undefined when it has none. */
export function loadResumeState(db: Db, modelId: number): FitResumeState | undefined {
  const row = db.prepare('SELECT state_json FROM model_resume WHERE model_id = ?').get(modelId) as { state_json: string } | undefined
  if (!row) return undefined
  const arrays: Record<string, StateArray> = {}
  const rows = db.prepare('SELECT name, dtype, data FROM model_resume_arrays WHERE model_id = ?').all(modelId) as { name: string; dtype: Dtype; data: Buffer }[]
  for (const { name, dtype, data } of rows) {
    // Copied into a fresh, aligned buffer: the Buffer may share a pool at an odd offset.
    const bytes = new Uint8Array(data.byteLength)
    bytes.set(data)
    arrays[name] = new DTYPES[dtype](bytes.buffer)
  }
  return { json: JSON.parse(row.state_json) as Record<string, unknown>, arrays }
}

/** What the run was asked to do (null for runs stored before requests were kept). */
export function modelRequest(db: Db, modelId: number): unknown {
  const row = db.prepare('SELECT request_json FROM models WHERE id = ?').get(modelId) as { request_json: string | null } | undefined
  return row?.request_json ? JSON.parse(row.request_json) : null
}

/** Ids of the models that have a resume state. */
export function resumableModelIds(db: Db): Set<number> {
  return new Set(db.prepare('SELECT model_id FROM model_resume').pluck().all() as number[])
}

/**
 * Takes an interrupted or cancelled run up again in this process (status back to 'training' under
 * `owner`); false when it is in another state (another process took it up first, or it finished).
 */
export function claimRunForResume(db: Db, modelId: number, owner: string, now: () => Date = () => new Date()): boolean {
  return (
    db
      .prepare("UPDATE models SET status = 'training', owner_id = ?, updated_at = ? WHERE id = ? AND status IN ('interrupted', 'cancelled')")
      .run(owner, now().toISOString(), modelId).changes === 1
  )
}

/** Final state of a run: status, metrics and (optionally) the final parameters and curve, in one transaction. */
export function finishModel(
  db: Db,
  modelId: number,
  result: { status: Exclude<ModelStatus, 'training'>; metrics?: Record<string, unknown>; saved?: SavedModel; curve?: TrainingProgress[] },
  now: () => Date = () => new Date(),
): void {
  db.transaction(() => {
    const at = now().toISOString()
    const changed = db.prepare('UPDATE models SET status = ?, progress_json = NULL, updated_at = ? WHERE id = ?').run(result.status, at, modelId).changes
    if (changed !== 1) throw new Error(`No model with id ${modelId}`)
    if (result.metrics) db.prepare('UPDATE models SET metrics_json = ? WHERE id = ?').run(JSON.stringify(result.metrics), modelId)
    if (result.curve) db.prepare('UPDATE models SET curve_json = ? WHERE id = ?').run(JSON.stringify(result.curve), modelId)
    if (result.saved) {
      db.prepare('UPDATE models SET config_json = ? WHERE id = ?').run(JSON.stringify(result.saved.config), modelId)
      replaceBlobs(db, modelId, result.saved.blobs)
    }
    // A complete run has nothing left to resume.
    if (result.status === 'complete') db.prepare('DELETE FROM model_resume WHERE model_id = ?').run(modelId)
    if (result.status === 'complete') db.prepare('DELETE FROM model_resume_arrays WHERE model_id = ?').run(modelId)
  }).immediate()
}

export function getModel(db: Db, id: number): ModelRecord | undefined {
  const row = db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined
  return row && toRecord(row)
}

export function listModels(db: Db, filter: { datasetId?: number } = {}): ModelRecord[] {
  const rows = (
    filter.datasetId === undefined
      ? db.prepare('SELECT * FROM models ORDER BY created_at DESC, id DESC').all()
      : db.prepare('SELECT * FROM models WHERE dataset_id = ? ORDER BY created_at DESC, id DESC').all(filter.datasetId)
  ) as ModelRow[]
  return rows.map(toRecord)
}

/** The stored model in the shape models load from (see models/registry.ts loadModel). */
export function loadSavedModel(db: Db, id: number): SavedModel {
  const row = db.prepare('SELECT kind, config_json FROM models WHERE id = ?').get(id) as Pick<ModelRow, 'kind' | 'config_json'> | undefined
  if (!row) throw new Error(`No model with id ${id}`)
  const blobs: Record<string, Float32Array> = {}
  const rows = db.prepare('SELECT name, dtype, data FROM model_blobs WHERE model_id = ? ORDER BY name').all(id) as {
    name: string
    dtype: string
    data: Buffer
  }[]
  for (const blob of rows) {
    if (blob.dtype !== 'float32') throw new Error(`model ${id} blob ${blob.name}: unsupported dtype ${blob.dtype}`)
    // Copy into a fresh, aligned buffer: the Buffer may share a pool at an odd offset.
    const bytes = new Uint8Array(blob.data.byteLength)
    bytes.set(blob.data)
    blobs[blob.name] = new Float32Array(bytes.buffer)
  }
  return { kind: row.kind, config: JSON.parse(row.config_json) as Record<string, unknown>, blobs }
}

export function deleteModel(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM models WHERE id = ?').run(id).changes === 1
}

/**
 * Runs still 'training' whose owner is gone (crash, kill, a closed laptop elsewhere) become
 * 'interrupted'; runs of live owners, in this process or another, are left alone (store/owners.ts).
 * Pilots of gone owners are marked too. Returns how many runs.
 */
export function markInterruptedRuns(db: Db, now: () => Date = () => new Date()): number {
  return markAbandoned(db, { now }).runs
}
