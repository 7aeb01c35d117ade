import type { PilotProgress } from './progress.js'
import type { SparseMatrix } from '../matrix/sparse.js'
import { specOf } from '../models/specs.js'
import { BreakdownAccumulator } from './breakdown.js'
import { bestModel, compareNnmfWithMf, measurePrimary, summarizeModels, type RunScore } from './compare.js'
import {
  checkConfigForDataset,
  effortOf,
  parsePilotConfig,
  usesColumnScaling,
  type PilotConfig,
  type PilotConfigIssue,
  type PilotModelKind,
  type ResolvedPilotConfig,
} from './config.js'
import { checkData, type DataCheckReason } from './data-check.js'
import type { EffortName } from './effort.js'
import { estimatePilotSeconds, repeatWorkSeconds, type Throughput } from './estimate.js'
import { fitFailure } from './failed-fit.js'
import { columnScales, columnSpreads, primaryMetricFor, scorePredictions } from './evaluate.js'
import { deriveSeed, makeSplit, type PilotSplit } from './holdout.js'
import { PILOT_RESULT_VERSION, type ModelRun, type PilotResult, type SplitSummary } from './result.js'
import type { RepeatCells } from './row-bootstrap.js'
import {
  baselineValidationLoss,
  candidatesFor,
  finiteOrNull,
  maxEpochsOf,
  patienceOf,
  pilotEngineOf,
  retryCandidatesFor,
  trainAndPredict,
  CURVE_POINTS,
  type Candidate,
  type PilotEngine,
  type TrainedRun,
} from './train-model.js'

/**
 * Runs a pilot: for each repeat, a hold-out split (holdout.ts), then each model in turn: its
 * candidates (λ, and D for MF) trained with early stopping on the validation slice and the best
 * kept (training/select.ts), the test cells predicted (through fold-in for new rows), scored, and
 * folded into the per-column / scatter / heatmap accumulators. Then the summary, the NNMF-vs-MF
 * verdict and the best model (compare.ts).
 *
 * Deterministic: every seed derives from the config's seed, and nothing depends on the clock except
 * the `*Seconds` fields (inject `now` to pin those too). Aborting throws the signal's reason at the
 * next epoch or batch boundary; engines are disposed on the way out.
 */
export interface PilotInput {
  matrix: SparseMatrix
  colLabels: readonly string[]
  dataset: { id: number; name: string; dataHash: string; valueKind: 'numeric' | 'binary'; layout: 'wide' | 'long'; hasTime: boolean }
}

export type { PilotPhase, PilotProgress } from './progress.js'

export interface RunPilotOptions {
  /** The NNMF engine; when absent and NNMF is in the pilot, chosen by the config's preference. */
  engine?: PilotEngine
  signal?: AbortSignal
  onProgress?: (progress: PilotProgress) => void
  /** Milliseconds clock for the timing fields (default performance.now). */
  now?: () => number
  /** Measured throughput (estimate.ts), for the progress weights; a typical one otherwise. */
  throughput?: Throughput
}

export const PILOT_ERROR_CODES = ['dataset-mismatch', 'unsuitable-data', 'latest-period-needs-times', 'too-few-rows-for-new-rows'] as const
export type PilotErrorCode = (typeof PILOT_ERROR_CODES)[number]
// Every config issue is a pilot error code (a new issue code fails the type-check here).
const _issuesAreCodes: readonly PilotErrorCode[] = [] as PilotConfigIssue['code'][]
void _issuesAreCodes

/** A pilot that cannot run as configured; `details` carries the numbers for the UI's wording. */
export class PilotError extends Error {
  constructor(
    readonly code: PilotErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'PilotError'
  }
}

const TYPICAL_THROUGHPUT: Throughput = { nnmfEntriesPerSecond: 300_000, mfEntriesPerSecond: 2_000_000 }
export { CURVE_POINTS, pilotEngineOf, type PilotEngine }

export async function runPilot(input: PilotInput, configInput: PilotConfig, options: RunPilotOptions = {}): Promise<PilotResult> {
  const config = parsePilotConfig(configInput)
  const { matrix, dataset } = input
  const now = options.now ?? (() => performance.now())
  const signal = options.signal
  const started = now()
  if (config.datasetId !== dataset.id) {
    throw new PilotError('dataset-mismatch', `The pilot is for dataset ${config.datasetId} but dataset ${dataset.id} was given.`)
  }
  const facts = { ...dataset, nRows: matrix.nRows }
  const issue = checkConfigForDataset(config, facts)[0]
  if (issue) throw new PilotError(issue.code, configIssueMessage(issue), { ...issue })
  const dataCheck = checkData(matrix, dataset.valueKind, input.colLabels)
  if (dataCheck.verdict === 'unsuitable' && !config.overrideSuitability) {
    throw new PilotError('unsuitable-data', 'The data check found this dataset unsuitable for a pilot; override the check to run it anyway.', {
      reasons: dataCheck.reasons,
    })
  }
  const effort = effortOf(config)
  const binary = dataset.valueKind === 'binary'
  const loss = binary ? 'logistic' : 'squared'
  const scaled = usesColumnScaling(config, facts)
  const primaryMetric = primaryMetricFor(binary, scaled)

  let engine: PilotEngine | undefined = options.engine
  if (!engine && config.models.some((m) => specOf(m).usesEngine)) {
    const { chooseNnmfEngine } = await import('../models/nnmf/choose-engine.js')
    const choice = await chooseNnmfEngine(config.engine)
    engine = pilotEngineOf(choice)
  }

  // Progress weights: each (repeat, model) task weighs its estimated seconds.
  const shape = { nRows: matrix.nRows, nCols: matrix.nCols, nObserved: matrix.values.length }
  const work = repeatWorkSeconds(shape, config, effort, options.throughput ?? TYPICAL_THROUGHPUT)
  const perRepeat = config.models.reduce((s, m) => s + Math.max(1e-6, work[m]), 0)
  const total = perRepeat * effort.repeats
  let doneWeight = 0
  let lastFraction = 0
  const report = (p: Omit<PilotProgress, 'fraction' | 'elapsedSeconds' | 'etaSeconds' | 'repeats'>, within: number): void => {
    if (!options.onProgress) return
    const weight = p.model ? Math.max(1e-6, work[p.model]) : 0
    // Monotone: a retry after a failed fit is work the estimate did not plan for; the bar waits.
    const fraction = p.phase === 'done' ? 1 : Math.max(lastFraction, Math.min(1, (doneWeight + weight * within) / total))
    lastFraction = fraction
    const elapsedSeconds = (now() - started) / 1000
    const etaSeconds = p.phase === 'done' ? 0 : fraction > 0.01 ? (elapsedSeconds / fraction) * (1 - fraction) : null
    options.onProgress({ ...p, repeats: effort.repeats, fraction, elapsedSeconds, etaSeconds })
  }

  const splitOptions = {
    goal: config.goal,
    fraction: config.holdoutFraction,
    validationFraction: effort.validationFraction,
    repeats: effort.repeats,
    seed: config.seed,
  }
  const spreads = columnSpreads(matrix)
  const breakdown = new BreakdownAccumulator(matrix, config.models, deriveSeed(config.seed, 3), scaled, spreads)
  const runs: ModelRun[] = []
  const splits: SplitSummary[] = []
  const perModelSeconds: Partial<Record<PilotModelKind, number>> = {}
  const cells: RepeatCells[] = []

  for (let repeat = 0; repeat < effort.repeats; repeat++) {
    signal?.throwIfAborted()
    const split = makeSplit(matrix, splitOptions, repeat)
    splits.push(summarizeSplit(split))
    const scales = columnScales(split.train)
    const baselineLoss = await baselineValidationLoss(split, loss, scaled, signal)
    const trained = new Map<PilotModelKind, TrainedRun>()
    const fitModel = async (kind: PilotModelKind, candidates: Candidate[], seed: number): Promise<TrainedRun> => {
      const maxEpochs = maxEpochsOf(kind, effort)
      const base = { phase: 'training' as const, repeat, model: kind, candidates: candidates.length }
      report({ ...base, candidate: 0, epoch: null, maxEpochs, trainLoss: null, validationLoss: null }, 0)
      const run = await trainAndPredict(kind, candidates, split, {
        effort,
        loss,
        scaled,
        engine,
        maxEpochs,
        patience: patienceOf(kind, effort),
        now,
        seed,
        foldInSeed: deriveSeed(split.seed, 4, config.models.indexOf(kind)),
        ...(signal ? { signal } : {}),
        onProgress: (p, index) =>
          report(
            { ...base, candidate: index, epoch: p.epoch, maxEpochs: p.maxEpochs, trainLoss: p.trainLoss, validationLoss: p.validationLoss },
            (index + p.epoch / p.maxEpochs) / candidates.length,
          ),
      })
      report({ ...base, phase: 'evaluating', candidate: candidates.length - 1, epoch: null, maxEpochs, trainLoss: null, validationLoss: null }, 1)
      return run
    }
    for (const [modelIndex, kind] of config.models.entries()) {
      trained.set(kind, await fitModel(kind, candidatesFor(kind, effort), deriveSeed(split.seed, 2, modelIndex)))
      doneWeight += Math.max(1e-6, work[kind])
    }
    // A fit that never left the baseline (or diverged) is retried with the effort's fallbacks.
    for (const kind of config.models.filter((m) => specOf(m).pilot.role === 'compared')) {
      const first = trained.get(kind)
      if (!first) continue
      const others = [...trained.entries()].filter(([k]) => k !== kind && specOf(k).pilot.role !== 'floor').map(([, r]) => r.validationLoss)
      const bestOther = others.reduce<number | null>((m, x) => (x !== null && Number.isFinite(x) && (m === null || x < m) ? x : m), null)
      const failure = fitFailure(first.validationLoss, baselineLoss, bestOther)
      if (!failure) continue
      const retry = await fitModel(kind, retryCandidatesFor(kind, effort), deriveSeed(split.seed, 5, config.models.indexOf(kind)))
      const better = (retry.validationLoss ?? Infinity) < (first.validationLoss ?? Infinity) ? retry : first
      const merged: TrainedRun = {
        ...better,
        retried: true,
        candidates: [...first.candidates, ...retry.candidates],
        trainSeconds: first.trainSeconds + retry.trainSeconds,
        failure: fitFailure(better.validationLoss, baselineLoss, bestOther),
      }
      trained.set(kind, merged)
    }
    const predictions = new Map<PilotModelKind, Float64Array>()
    for (const kind of config.models) {
      const run = trained.get(kind)!
      const iterative = specOf(kind).pilot.fitKind !== 'none'
      predictions.set(kind, run.predicted)
      runs.push({
        model: kind,
        repeat,
        metrics: scorePredictions(run.predicted, split.test, spreads, binary),
        chosen: run.chosen,
        candidates: run.candidates,
        epochs: run.epochs,
        bestEpoch: run.bestEpoch,
        maxEpochs: run.maxEpochs,
        hitEpochLimit: iterative && run.bestEpoch >= run.maxEpochs,
        stillImproving: iterative && run.stillImproving,
        validationLoss: run.validationLoss,
        baselineValidationLoss: finiteOrNull(baselineLoss),
        retried: run.retried,
        failure: specOf(kind).pilot.role === 'compared' ? run.failure : null,
        curve: run.curve,
        trainSeconds: run.trainSeconds,
        predictSeconds: run.predictSeconds,
      })
      perModelSeconds[kind] = (perModelSeconds[kind] ?? 0) + run.trainSeconds + run.predictSeconds
    }
    cells.push({ rows: split.test.rows, cols: split.test.cols, truth: split.test.values, predictions })
    breakdown.add(repeat, split.test, predictions, scales)
  }

  report(
    {
      phase: 'summarising',
      repeat: effort.repeats - 1,
      model: null,
      candidate: 0,
      candidates: 0,
      epoch: null,
      maxEpochs: null,
      trainLoss: null,
      validationLoss: null,
    },
    0,
  )
  const details = breakdown.finish(input.colLabels)
  const runScores: RunScore[] = runs
  // Another effort's time on this PC: this pilot's own time scaled by the cost model's ratio.
  const elapsedSeconds = (now() - started) / 1000
  const modelled = (effortName: EffortName): number =>
    estimatePilotSeconds(shape, { ...config, effort: effortName }, options.throughput ?? TYPICAL_THROUGHPUT).totalSeconds
  const secondsAt = (effortName: EffortName): number => elapsedSeconds * (modelled(effortName) / Math.max(1e-9, modelled(config.effort)))
  const uncertainty = measurePrimary(cells, runScores, config.models, {
    metric: primaryMetric,
    spreads,
    nCols: matrix.nCols,
    seed: deriveSeed(config.seed, 6),
  })
  const dataCheckReasons: DataCheckReason[] = dataCheck.reasons
  const result: PilotResult = {
    version: PILOT_RESULT_VERSION,
    config,
    effort,
    dataset: {
      id: dataset.id,
      name: dataset.name,
      dataHash: dataset.dataHash,
      nRows: matrix.nRows,
      nCols: matrix.nCols,
      nObserved: matrix.values.length,
      valueKind: dataset.valueKind,
      layout: dataset.layout,
    },
    dataCheck,
    engine:
      engine && config.models.some((m) => specOf(m).usesEngine)
        ? { name: engine.name, label: engine.label, backend: engine.backend ?? null, ...(engine.fallbacks?.[0] ? { fallback: engine.fallbacks[0] } : {}) }
        : null,
    loss,
    scaled,
    primaryMetric,
    splits,
    runs,
    summary: summarizeModels(runScores, config.models, { metric: primaryMetric, uncertainty }),
    comparison: compareNnmfWithMf(runScores, primaryMetric, uncertainty, {
      dataCheckReasons,
      suitabilityOverridden: config.overrideSuitability && dataCheck.verdict === 'unsuitable',
      effort: config.effort,
      secondsAt: (effortName: EffortName) => secondsAt(effortName),
    }),
    best: bestModel(runScores, config.models, primaryMetric, uncertainty),
    perColumn: details.perColumn,
    scatter: details.scatter,
    heatmap: details.heatmap,
    timing: { totalSeconds: (now() - started) / 1000, perModelSeconds },
  }
  report(
    {
      phase: 'done',
      repeat: effort.repeats - 1,
      model: null,
      candidate: 0,
      candidates: 0,
      epoch: null,
      maxEpochs: null,
      trainLoss: null,
      validationLoss: null,
    },
    1,
  )
  return result
}

function summarizeSplit(split: PilotSplit): SplitSummary {
  return {
    repeat: split.repeat,
    seed: split.seed,
    nTrain: split.train.values.length,
    nValidation: split.validation.values.length,
    nTest: split.test.values.length,
    nNewRows: split.newRows ? split.newRows.originalRows.length : null,
    nKnown: split.newRows ? split.newRows.known.values.length : null,
  }
}

/** The message of a config that does not fit its dataset (also used before a pilot is stored: runs/pilot-run.ts). */
export function configIssueMessage(issue: PilotConfigIssue): string {
  switch (issue.code) {
    case 'latest-period-needs-times':
      return 'Predicting the latest period needs a timestamp for each value; this dataset has none. Choose "fill in missing values" or "new machines".'
    case 'too-few-rows-for-new-rows':
      return `Holding out whole rows needs more rows (${issue.nRows} rows, ${issue.heldOutRows} would be held out). Raise the hold-out fraction or choose "fill in missing values".`
  }
}

export type { ResolvedPilotConfig }
