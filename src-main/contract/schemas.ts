import { z } from 'zod'
import { JOB_KINDS, JOBS, type JobKind, type JobResult } from './jobs.js'

/** Payload shapes shared by requests and events. Kept apart so the renderer can import types cheaply. */

export const languageSchema = z.enum(['ja', 'en'])
export type Language = z.infer<typeof languageSchema>

export const datasetIdSchema = z.number().int().positive()

export const datasetSummarySchema = z.object({
  id: datasetIdSchema,
  name: z.string(),
  valueKind: z.enum(['numeric', 'binary']),
  layout: z.enum(['wide', 'long']),
  nRows: z.number().int().nonnegative(),
  nCols: z.number().int().nonnegative(),
  nObserved: z.number().int().nonnegative(),
  hasTime: z.boolean(),
  dataHash: z.string(),
  createdAt: z.string(),
})
export type DatasetSummary = z.infer<typeof datasetSummarySchema>

export const backendStatusSchema = z.object({
  /** Engine that trains NNMF by default, e.g. "fastcpu" or "tfjs-wasm". */
  active: z.string(),
  /** Human label shown in the UI, e.g. "CPU fast path (2 threads)". */
  label: z.string(),
  /**
   * Each backend tried, best first. `reason` says why one is not in use, for people ('not-installed':
   * its optional package is absent); `error` is the raw message, for logs and bug reports only.
   */
  tried: z.array(z.object({ name: z.string(), ok: z.boolean(), reason: z.enum(['not-installed', 'failed']).optional(), error: z.string().optional() })),
})
export type BackendStatus = z.infer<typeof backendStatusSchema>

export const appInfoSchema = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'web']),
  dataDir: z.string(),
  schemaVersion: z.number().int(),
})
export type AppInfo = z.infer<typeof appInfoSchema>

/** Retention of uploads and exports in the data folder (core/files/retention.ts). */
export const retentionSchema = z.object({
  deleteExportsAfterDownload: z.boolean(),
  /** Days an upload or export is kept (checked at startup); 0 keeps them. */
  maxAgeDays: z.number().int().min(0).max(3650),
})
export type Retention = z.infer<typeof retentionSchema>

/** The training engine setting: 'auto' lets the app choose; the others force one for every run and pilot it starts. */
export const enginePreferenceSchema = z.enum(['auto', 'fastcpu', 'webgpu', 'tfjs'])
export type EnginePreferenceSetting = z.infer<typeof enginePreferenceSchema>

export const settingsSchema = z.object({
  language: languageSchema.nullable(),
  retention: retentionSchema,
  engine: enginePreferenceSchema,
})
export type Settings = z.infer<typeof settingsSchema>

/** The kinds of the job table (jobs.ts). */
export const jobKindSchema = z.enum(JOB_KINDS)
export const jobStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
export type JobState = z.infer<typeof jobStateSchema>

export const jobProgressEventSchema = z.object({
  jobId: z.string(),
  kind: jobKindSchema,
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  message: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
})
export type JobProgressEvent = z.infer<typeof jobProgressEventSchema>

/** Why a job failed, as a code with parameters for the renderer to word ('error' stays for logs). */
export const jobErrorDetailSchema = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })
export type JobErrorDetail = z.infer<typeof jobErrorDetailSchema>

/**
 * A job's state as events and snapshots carry it, one shape per kind of the job table: `kind` names
 * the job and `result` (once it succeeded) is that kind's result schema. The job manager parses every
 * snapshot with it when the job reports, so a result is checked once and typed after that.
 */
const jobStateFields = {
  jobId: z.string(),
  state: jobStateSchema,
  error: z.string().optional(),
  errorDetail: jobErrorDetailSchema.optional(),
}
const jobSnapshotFields = {
  ...jobStateFields,
  startedAt: z.string(),
  lastProgress: z.object({ phase: z.string(), done: z.number(), total: z.number(), message: z.string().optional() }).optional(),
}

/** The fields of one kind: its name and its result schema from the job table. */
type KindFields<K extends JobKind> = { kind: z.ZodLiteral<K>; result: z.ZodOptional<(typeof JOBS)[K]['result']> }
const kindFields = (kind: JobKind) => ({ kind: z.literal(kind), result: z.optional(JOBS[kind].result) })

// One object schema per kind, in one union. Built by mapping over the table's kinds, which TypeScript
// types as any kind with any result; the casts name what the map builds, one kind with its result each.
type JobStateEventSchemaOf = { [K in JobKind]: z.ZodObject<typeof jobStateFields & KindFields<K>> }[JobKind]
type JobSnapshotSchemaOf = { [K in JobKind]: z.ZodObject<typeof jobSnapshotFields & KindFields<K>> }[JobKind]

export const jobStateEventSchema = z.discriminatedUnion(
  'kind',
  JOB_KINDS.map((kind) => z.object({ ...jobStateFields, ...kindFields(kind) })) as [JobStateEventSchemaOf, ...JobStateEventSchemaOf[]],
)
export type JobStateEvent = z.infer<typeof jobStateEventSchema>

export const jobSnapshotSchema = z.discriminatedUnion(
  'kind',
  JOB_KINDS.map((kind) => z.object({ ...jobSnapshotFields, ...kindFields(kind) })) as [JobSnapshotSchemaOf, ...JobSnapshotSchemaOf[]],
)
export type JobSnapshot = z.infer<typeof jobSnapshotSchema>

/** An event or snapshot of a job of kind K: its result is that kind's (the job manager checked it). */
type OfKind<K extends JobKind> = { kind: K; result?: JobResult<K> }

function isOfKind<K extends JobKind>(end: JobStateEvent, kind: K): end is JobStateEvent & OfKind<K> {
  return end.kind === kind
}

/**
 * The result of a job of `kind` that succeeded, as the job manager checked it; null for another
 * kind, or a job that has not succeeded. A snapshot reads the same way as an event.
 */
export function resultOf<K extends JobKind>(end: JobStateEvent | undefined, kind: K): JobResult<K> | null {
  if (!end || end.state !== 'succeeded' || !isOfKind(end, kind)) return null
  return end.result ?? null
}

/** A file the renderer handed to the main side (web: POST /api/upload; Electron: the bridge's upload). */
export const uploadedFileSchema = z.object({ uploadId: z.string(), fileName: z.string(), size: z.number().int().nonnegative() })
export type UploadedFile = z.infer<typeof uploadedFileSchema>

export { downloadSchema, type Download } from './download.js'
