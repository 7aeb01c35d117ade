/** Exports of a saved model's predictions over its dataset: completed matrix, missing-cell predictions, risk list. */
export { exportCompletedMatrix, LONG_COLUMNS } from './completed-matrix.js'
export type { CompletedMatrixOptions, ExportFormat, ExportSummary } from './completed-matrix.js'
export { exportMissingPredictions, MISSING_COLUMNS } from './missing-predictions.js'
export type { MissingPredictionsOptions, MissingSummary } from './missing-predictions.js'
export { exportRiskList, RISK_COLUMNS } from './risk-list.js'
export type { RiskEntry, RiskListOptions } from './risk-list.js'
export type { ExportLanguage } from './texts.js'
export { modelTag } from './model-source.js'
