import { z } from 'zod'
import {
  appInfoSchema,
  backendStatusSchema,
  datasetIdSchema,
  datasetSummarySchema,
  downloadSchema,
  jobProgressEventSchema,
  jobSnapshotSchema,
  jobStateEventSchema,
  settingsSchema,
} from './schemas.js'
import type { EventName, RequestName } from './names.js'
import { exportRequestSchema, modelSummarySchema, predictRequestSchema, trainRequestSchema } from './exports.js'
import { importOptionsSchema, importPreviewSchema, uploadIdSchema } from './imports.js'
import { dataCheckSchema, pilotConfigSchema, pilotDetailSchema, pilotEstimateSchema, pilotIdSchema, pilotStartedSchema, pilotSummarySchema } from './pilots.js'
import {
  columnDistributionRequestSchema,
  columnDistributionSchema,
  datasetDetailsSchema,
  datasetRequestSchema,
  rowSearchRequestSchema,
  rowSearchSchema,
  similarRowsRequestSchema,
  similarRowsSchema,
} from './datasets.js'

/**
 * The one API contract between the renderer and the main-process services. Every request the
 * renderer can make and every event it receives is listed here with its schema; the Electron
 * (IPC) and web (HTTP + SSE) transports are thin adapters over it and validate at the boundary.
 */
export const requests = {
  appInfo: { input: z.object({}).strict(), output: appInfoSchema },
  backendStatus: { input: z.object({}).strict(), output: backendStatusSchema },
  getSettings: { input: z.object({}).strict(), output: settingsSchema },
  updateSettings: { input: settingsSchema.partial().strict(), output: settingsSchema },
  listDatasets: { input: z.object({}).strict(), output: z.array(datasetSummarySchema) },
  renameDataset: {
    input: z.object({ id: datasetIdSchema, name: z.string().trim().min(1).max(200) }).strict(),
    output: datasetSummarySchema,
  },
  deleteDataset: { input: z.object({ id: datasetIdSchema }).strict(), output: z.object({ deleted: z.boolean() }) },
  getDatasetDetails: { input: datasetRequestSchema, output: datasetDetailsSchema },
  getColumnDistribution: { input: columnDistributionRequestSchema, output: columnDistributionSchema },
  exportDatasetCsv: { input: datasetRequestSchema, output: downloadSchema },
  findDatasetRows: { input: rowSearchRequestSchema, output: rowSearchSchema },
  /** A row index past the dataset's rows is refused ('bad-request', detail 'dataset-no-such-row'). */
  getSimilarRows: { input: similarRowsRequestSchema, output: similarRowsSchema },
  previewImport: {
    input: z.object({ uploadId: uploadIdSchema, options: importOptionsSchema.optional() }).strict(),
    output: importPreviewSchema,
  },
  startImport: {
    input: z.object({ uploadId: uploadIdSchema, options: importOptionsSchema }).strict(),
    output: jobSnapshotSchema,
  },
  importSample: { input: z.object({}).strict(), output: jobSnapshotSchema },
  checkDataset: { input: z.object({ datasetId: datasetIdSchema }).strict(), output: dataCheckSchema },
  estimatePilot: { input: z.object({ config: pilotConfigSchema }).strict(), output: pilotEstimateSchema },
  startPilot: { input: z.object({ config: pilotConfigSchema }).strict(), output: pilotStartedSchema },
  getPilot: { input: z.object({ id: pilotIdSchema }).strict(), output: pilotDetailSchema },
  listPilots: { input: z.object({ datasetId: datasetIdSchema.optional() }).strict(), output: z.array(pilotSummarySchema) },
  listModels: { input: z.object({ datasetId: datasetIdSchema.optional() }).strict(), output: z.array(modelSummarySchema) },
  /** Deletes a saved model and its weights; a model still training is refused ('conflict'): cancel it first. */
  deleteModel: { input: z.object({ id: z.number().int().positive() }).strict(), output: z.object({ deleted: z.boolean() }) },
  startTraining: { input: trainRequestSchema, output: jobSnapshotSchema },
  /**
   * Takes an interrupted or cancelled training run up again from its last checkpoint (a 'resume'
   * job); one that cannot be resumed is refused ('conflict', detail 'model-not-resumable' or
   * 'model-dataset-changed'; 'not-found' for an unknown id).
   */
  resumeTraining: { input: z.object({ id: z.number().int().positive() }).strict(), output: jobSnapshotSchema },
  startPredict: { input: predictRequestSchema, output: jobSnapshotSchema },
  startExport: { input: exportRequestSchema, output: jobSnapshotSchema },
  listJobs: { input: z.object({}).strict(), output: z.array(jobSnapshotSchema) },
  cancelJob: { input: z.object({ jobId: z.string().min(1) }).strict(), output: z.object({ cancelled: z.boolean() }) },
} as const satisfies Record<RequestName, { input: z.ZodType; output: z.ZodType }>

export const events = {
  jobProgress: jobProgressEventSchema,
  jobState: jobStateEventSchema,
} as const satisfies Record<EventName, z.ZodType>

export type Requests = typeof requests
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>

/** What a renderer sees, whichever transport carries it. */
export type Api = { [K in RequestName]: (input: RequestInput<K>) => Promise<RequestOutput<K>> }

export type AppEvent = { [K in EventName]: { type: K; payload: EventPayload<K> } }[EventName]

/** Errors crossing the boundary keep a code the renderer can act on and a message for people. */
export type ApiErrorCode = 'bad-request' | 'not-found' | 'conflict' | 'unauthorized' | 'forbidden' | 'too-large' | 'internal'
export const apiErrorSchema = z.object({ code: z.string(), message: z.string() })
export type ApiErrorBody = { code: ApiErrorCode; message: string }
