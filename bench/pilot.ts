/**
 * A standard pilot on SECOM (resources/sample-data/secom.csv, 1567 × 590, ~883k observed values):
 * imports it into a temporary store, measures this machine's throughput with the short micro-run,
 * prints the wizard's estimate, runs the pilot, and prints the actual time, the ratio (target:
 * within ±50 %), the verdict and each model's metrics. BENCH_PILOT_EFFORT=quick|thorough picks
 * another effort.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { importFile } from '../src-main/core/import/index.js'
import { chooseNnmfEngine } from '../src-main/core/models/nnmf/choose-engine.js'
import type { PilotConfig } from '../src-main/core/pilot/config.js'
import { estimatePilotSeconds, measureThroughput } from '../src-main/core/pilot/estimate.js'
import { pilotEngineOf, runPilot } from '../src-main/core/pilot/runner.js'
import { loadMatrix } from '../src-main/core/store/datasets.js'
import { openDatabase } from '../src-main/core/store/open.js'

const SECOM = path.resolve('resources/sample-data/secom.csv')

export async function benchPilot(): Promise<{ estimatedSeconds: number; actualSeconds: number; verdict: string | null }> {
  const effort = (process.env.BENCH_PILOT_EFFORT ?? 'standard') as 'quick' | 'standard' | 'thorough'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pilot-'))
  const db = openDatabase(dir)
  try {
    const imported = await importFile(db, SECOM)
    if (!imported.ok) throw new Error(`SECOM import failed: ${JSON.stringify(imported.report).slice(0, 500)}`)
    const { summary, matrix, colLabels } = loadMatrix(db, imported.datasetId)
    const choice = await chooseNnmfEngine('auto')
    const throughput = await measureThroughput(choice.factory)
    const config: PilotConfig = { datasetId: summary.id, effort, seed: 0 }
    const estimate = estimatePilotSeconds(summary, config, throughput)
    console.log(`SECOM ${summary.nRows} × ${summary.nCols}, ${summary.nObserved} observed; engine ${choice.label}; load average ${os.loadavg()[0]!.toFixed(1)}`)
    console.log(`throughput: NNMF ${Math.round(throughput.nnmfEntriesPerSecond)} entries/s, MF ${Math.round(throughput.mfEntriesPerSecond)} entry-sweeps/s`)
    console.log(
      `${effort} pilot estimate: ${estimate.totalSeconds.toFixed(0)} s (${Object.entries(estimate.perModelSeconds)
        .map(([m, s]) => `${m} ${s.toFixed(0)} s`)
        .join(', ')})`,
    )
    let lastTenth = -1
    const started = performance.now()
    const result = await runPilot({ matrix, colLabels, dataset: summary }, config, {
      engine: pilotEngineOf(choice),
      throughput,
      onProgress: (p) => {
        const tenth = Math.floor(p.fraction * 10)
        if (tenth === lastTenth) return
        lastTenth = tenth
        console.log(
          `  ${(p.fraction * 100).toFixed(0)} % after ${p.elapsedSeconds.toFixed(0)} s (repeat ${p.repeat + 1}/${p.repeats}, ${p.model ?? p.phase}; ETA ${p.etaSeconds === null ? '?' : p.etaSeconds.toFixed(0)} s)`,
        )
      },
    })
    const actualSeconds = (performance.now() - started) / 1000
    const ratio = actualSeconds / estimate.totalSeconds
    console.log(
      `actual ${actualSeconds.toFixed(0)} s, estimate ${estimate.totalSeconds.toFixed(0)} s: actual/estimate ${ratio.toFixed(2)} (${ratio >= 0.5 && ratio <= 1.5 ? 'within' : 'OUTSIDE'} ±50 %)`,
    )
    console.log(
      `per model actual: ${Object.entries(result.timing.perModelSeconds)
        .map(([m, s]) => `${m} ${s!.toFixed(0)} s`)
        .join(', ')}`,
    )
    const c = result.comparison
    console.log(`data check: ${result.dataCheck.verdict} (${result.dataCheck.reasons.map((r) => r.code).join(', ') || 'no findings'})`)
    if (c) {
      const reasons = c.reasons.map((r) => ('model' in r ? `${r.code} ${r.model}` : r.code)).join(', ')
      console.log(
        `verdict: ${c.verdict} (${reasons}); ${c.metric} NNMF − MF = ${c.difference.mean.toFixed(4)} (${(100 * c.relativeDifference).toFixed(1)} % [${(100 * c.relativeInterval.low).toFixed(1)}, ${(100 * c.relativeInterval.high).toFixed(1)}] %), p = ${c.pValue.toPrecision(3)}; caveats: ${c.caveats.map((x) => (x.code === 'data-check' ? x.reason.code : x.code)).join(', ') || 'none'}`,
      )
    }
    console.log(`best: ${result.best.model}${result.best.isBaseline ? ' (a baseline)' : ''}, ${result.best.metric} ${result.best.mean.toFixed(4)}`)
    for (const s of result.summary) {
      const f = (k: 'rmse' | 'mae' | 'nrmse'): string => `${s.metrics[k]!.mean.toFixed(4)} [${s.metrics[k]!.low.toFixed(4)}, ${s.metrics[k]!.high.toFixed(4)}]`
      const chosen = result.runs
        .filter((r) => r.model === s.model)
        .map((r) => `${r.chosen.d ?? ''}${r.chosen.d !== null ? '/' : ''}${r.chosen.lambda ?? ''}@${r.bestEpoch}`)
        .join(' ')
      console.log(`  ${s.model.padEnd(5)} RMSE ${f('rmse')}  MAE ${f('mae')}  NRMSE ${f('nrmse')}  chosen D/λ@epoch ${chosen}`)
    }
    return { estimatedSeconds: estimate.totalSeconds, actualSeconds, verdict: c?.verdict ?? null }
  } finally {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
