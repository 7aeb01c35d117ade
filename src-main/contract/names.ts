/**
 * The names of every request and event, without schemas, so the sandboxed preload can build its
 * allowlist without bundling the validation library. `api.ts` is checked against these lists.
 */
export const requestNames = [
  'appInfo',
  'backendStatus',
  'getSettings',
  'updateSettings',
  'listDatasets',
  'renameDataset',
  'deleteDataset',
  'getDatasetDetails',
  'getColumnDistribution',
  'exportDatasetCsv',
  'findDatasetRows',
  'getSimilarRows',
  'previewImport',
  'startImport',
  'importSample',
  'checkDataset',
  'estimatePilot',
  'startPilot',
  'getPilot',
  'listPilots',
  'listModels',
  'deleteModel',
  'startTraining',
  'resumeTraining',
  'startPredict',
  'startExport',
  'listJobs',
  'cancelJob',
] as const
export type RequestName = (typeof requestNames)[number]

export const eventNames = ['jobProgress', 'jobState'] as const
export type EventName = (typeof eventNames)[number]

/** IPC channel of a request in the Electron transport. */
export const requestChannel = (name: RequestName): string => `nnmf:request:${name}`
/** The single IPC channel that carries contract events to the renderer. */
export const EVENT_CHANNEL = 'nnmf:event'

/** File transfer channels of the Electron transport (web mode uses /api/upload and /api/download). */
export const UPLOAD_CHANNEL = 'nnmf:upload'
export const SAVE_DOWNLOAD_CHANNEL = 'nnmf:save-download'
