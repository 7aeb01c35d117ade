import { describe, expect, it } from 'vitest'
import { plantedTable } from '../../../bench/verdict/data.js'
import { sameModelPilot } from '../../../bench/verdict/same-model.js'
import { resolveEffort, type EffortOverrides } from '../../../src-main/core/pilot/effort.js'
import { runPilot } from '../../../src-main/core/pilot/runner.js'
import { TEST_ENGINE } from './helpers.js'

/**
 * Small versions of `npm run bench -- verdict` (docs/STATISTICS.md), on the real training code and
 * the bench's own tables and seeds: the full campaigns print rates; these fix a few cases that
 * must never go wrong.
 */
const SMALL_NETWORK: EffortOverrides = { nnmf: { hidden: [32, 32], d: 4, dPrime: 8, batchSize: 256, learningRate: 1e-2 } }

describe('verdict calibration on real training (small)', () => {
  it('never calls one model better than itself (A/A: MF against MF and NNMF against NNMF, other seeds)', async () => {
    const quick = resolveEffort('quick', SMALL_NETWORK)
    const verdicts: string[] = []
    for (let i = 0; i < 3; i++) {
      const table = plantedTable({ nRows: 80, nCols: 60, density: 0.5, nonlinear: 0.5, noise: 0.3, seed: 100 + i })
      for (const kind of ['mf', 'nnmf'] as const) {
        const { verdict } = await sameModelPilot(table, kind, quick, { goal: 'fill-cells', seed: 1000 * i, engine: TEST_ENGINE })
        verdicts.push(verdict)
      }
    }
    expect(verdicts.filter((v) => v === 'nnmf-better' || v === 'mf-better')).toEqual([])
  }, 300_000)

  it('does not crown MF where the network has a real advantage, at quick or standard effort', async () => {
    // Converged NNMF is 5 % ahead on the first table and about 15 % on the second (measured by the
    // bench: −5.0 % and −16.9 %). A quick pilot's NNMF is cut off long before that, 40 % behind MF
    // and still falling: a network that could not finish cannot lose (verdict-rule.test.ts holds
    // the rule's own cases).
    const cases = [
      { effort: 'quick', nonlinear: 1 },
      { effort: 'standard', nonlinear: 2 },
    ] as const
    for (const { effort, nonlinear } of cases) {
      const table = plantedTable({ nRows: 120, nCols: 100, density: 0.5, nonlinear, noise: 0.05, seed: 500 })
      const result = await runPilot(
        { matrix: table.matrix, colLabels: [], dataset: { id: 1, name: table.name, dataHash: '', valueKind: 'numeric', layout: 'long', hasTime: true } },
        { datasetId: 1, effort, seed: 0, models: ['mf', 'nnmf'], overrideSuitability: true, effortOverrides: SMALL_NETWORK },
        { engine: TEST_ENGINE },
      )
      expect([effort, result.comparison!.verdict]).not.toEqual([effort, 'mf-better'])
      expect([effort, result.comparison!.verdict]).not.toEqual([effort, 'equivalent'])
    }
  }, 600_000)
})
