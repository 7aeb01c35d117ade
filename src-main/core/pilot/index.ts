/** The pilot core's public API: what the wizard, the job process, the CLI and the report use. */
export {
  pilotConfigSchema,
  parsePilotConfig,
  defaultPilotConfig,
  checkConfigForDataset,
  usesColumnScaling,
  effortOf,
  PILOT_GOALS,
  PILOT_MODELS,
  EFFORTS,
} from './config.js'
export type { PilotConfig, ResolvedPilotConfig, PilotGoal, PilotModelKind, PilotConfigIssue, PilotDatasetFacts } from './config.js'
export { EFFORT_PRESETS, resolveEffort, effortPresetSchema, effortOverridesSchema } from './effort.js'
export type { EffortPreset, EffortName, EffortOverrides } from './effort.js'
export { checkData, DATA_CHECK_THRESHOLDS } from './data-check.js'
export type { DataCheck, DataCheckReason, DataCheckCode, SuitabilityVerdict, Severity } from './data-check.js'
export { makeSplits, makeSplit, deriveSeed } from './holdout.js'
export type { PilotSplit, NewRowsPart, HoldoutOptions } from './holdout.js'
export { runPilot, PilotError, CURVE_POINTS } from './runner.js'
export type { PilotInput, PilotEngine, PilotProgress, PilotPhase, RunPilotOptions, PilotErrorCode } from './runner.js'
export { summarizeModels, compareNnmfWithMf, bestModel, measurePrimary, NEGLIGIBLE_FRACTION } from './compare.js'
export type { ModelSummary, NnmfVsMf, BestModel, Caveat, RunScore } from './compare.js'
export { VERDICT_OUTCOMES, decideVerdict, statisticalOutcome } from './verdict.js'
export type { VerdictOutcome, VerdictReason, NextStep, FitFailure } from './verdict.js'
export type { Estimate } from './uncertainty.js'
export { BreakdownAccumulator, SCATTER_POINTS, HEATMAP_BLOCKS } from './breakdown.js'
export type { Breakdown, ColumnBreakdown, ScatterSample, ResidualHeatmap } from './breakdown.js'
export { estimatePilotSeconds, measureThroughput, repeatWorkSeconds, ESTIMATE_CALIBRATION } from './estimate.js'
export type { Throughput, DatasetShape, PilotEstimate } from './estimate.js'
export { primaryMetricFor, scorePredictions } from './evaluate.js'
export type { TestMetrics, PrimaryMetric } from './evaluate.js'
export { PILOT_RESULT_VERSION } from './result.js'
export type { PilotResult, ModelRun, CandidateResult, CurvePoint, SplitSummary } from './result.js'
export type { Interval, PairedTest } from './stats.js'
