import { compareNnmfWithMf, measurePrimary, type RunScore } from '../../src-main/core/pilot/compare.js'
import type { PilotGoal } from '../../src-main/core/pilot/config.js'
import type { EffortPreset } from '../../src-main/core/pilot/effort.js'
import { columnSpreads, primaryMetricFor, scorePredictions } from '../../src-main/core/pilot/evaluate.js'
import { deriveSeed, makeSplit } from '../../src-main/core/pilot/holdout.js'
import type { RepeatCells } from '../../src-main/core/pilot/row-bootstrap.js'
import { candidatesFor, maxEpochsOf, patienceOf, trainAndPredict, type PilotEngine } from '../../src-main/core/pilot/train-model.js'
import type { VerdictOutcome } from '../../src-main/core/pilot/verdict.js'
import type { BenchTable } from './data.js'

/**
 * An A/A pilot: the pilot's own machinery (splits, candidate search, early stopping, scoring, row
 * bootstrap, verdict rule) with the SAME model kind on both arms, trained with different seeds.
 * Arm A is filed as 'nnmf' and arm B as 'mf' so the verdict code runs unchanged; any verdict
 * other than 'equivalent' or 'inconclusive' is a false alarm. `intervalOutsideBand` reads the
 * interval alone, before the fit checks (still improving, failed fit) could overrule it.
 */
export async function sameModelPilot(
  table: BenchTable,
  kind: 'mf' | 'nnmf',
  effort: EffortPreset,
  options: { goal: PilotGoal; seed: number; engine: PilotEngine },
): Promise<{ verdict: VerdictOutcome; relativeDifference: number; intervalOutsideBand: boolean }> {
  const { matrix } = table
  const scaled = table.layout === 'wide'
  const metric = primaryMetricFor(false, scaled)
  const spreads = columnSpreads(matrix)
  const runs: RunScore[] = []
  const cells: RepeatCells[] = []
  const splitOptions = { goal: options.goal, fraction: 0.1, validationFraction: effort.validationFraction, repeats: effort.repeats, seed: options.seed }
  for (let repeat = 0; repeat < effort.repeats; repeat++) {
    const split = makeSplit(matrix, splitOptions, repeat)
    const predictions = new Map<string, Float64Array>()
    for (const [arm, label] of (['nnmf', 'mf'] as const).entries()) {
      const run = await trainAndPredict(kind, candidatesFor(kind, effort), split, {
        effort,
        loss: 'squared',
        scaled,
        engine: options.engine,
        maxEpochs: maxEpochsOf(kind, effort),
        patience: patienceOf(kind, effort),
        now: () => performance.now(),
        seed: deriveSeed(split.seed, 2, 10 + arm),
        foldInSeed: deriveSeed(split.seed, 4, 10 + arm),
        onProgress: () => {},
      })
      predictions.set(label, run.predicted)
      runs.push({
        model: label,
        repeat,
        metrics: scorePredictions(run.predicted, split.test, spreads, false),
        hitEpochLimit: run.bestEpoch >= run.maxEpochs,
        stillImproving: run.stillImproving,
        failure: null,
      })
    }
    cells.push({ rows: split.test.rows, cols: split.test.cols, truth: split.test.values, predictions })
  }
  const uncertainty = measurePrimary(cells, runs, ['mf', 'nnmf'], { metric, spreads, nCols: matrix.nCols, seed: deriveSeed(options.seed, 6) })
  const c = compareNnmfWithMf(runs, metric, uncertainty, { dataCheckReasons: [], suitabilityOverridden: false, effort: 'quick', secondsAt: () => 0 })!
  const intervalOutsideBand = c.reasons.some((r) => r.code === 'interval-below-band' || r.code === 'interval-above-band')
  return { verdict: c.verdict, relativeDifference: c.relativeDifference, intervalOutsideBand }
}
