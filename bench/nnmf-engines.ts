/**
 * Step throughput of NNMF engines on a MovieLens-100K-sized problem (943 × 1682, 100k entries,
 * paper architecture), in entries per second, counted as the torch reference counts them: every
 * step (network or latents) processes its batch's entries. Steps alternate network and latents.
 *
 * The data are synthetic (seeded uniform cells, ratings 1..5): throughput depends on the shapes,
 * not on the values. Run alone: `node --import tsx bench/nnmf-engines.ts` (tfjs on wasm and cpu).
 */
import { pathToFileURL } from 'node:url'
import { PAPER_ARCHITECTURE, type Batch, type NnmfEngineFactory, type NnmfEngineSetup } from '../src-main/core/models/nnmf/engine.js'
import { initParams } from '../src-main/core/models/nnmf/init.js'
import { createTfjsEngine } from '../src-main/core/models/nnmf/tfjs-engine.js'
import { createRng } from '../src-main/core/random.js'

export interface EngineUnderBench {
  name: string
  factory: NnmfEngineFactory
}

export interface EngineBenchResult {
  name: string
  /** The engine's own name, e.g. "tfjs-wasm". */
  engineName: string
  batchSize: number
  steps: number
  seconds: number
  entriesPerSecond: number
  /** Per second of this process's CPU time (all threads): meaningful when the machine is shared. */
  entriesPerCpuSecond: number
}

export interface BenchOptions {
  batchSizes?: number[]
  /** Time each (engine, batch size) for at least this long, after warm-up. */
  minSeconds?: number
  log?: (line: string) => void
}

const N_ROWS = 943
const N_COLS = 1682
const N_ENTRIES = 100_000

function movieLensShapedData(seed: number): { setup: NnmfEngineSetup; rows: Int32Array; cols: Int32Array; targets: Float32Array } {
  const rng = createRng(seed)
  const rows = Int32Array.from({ length: N_ENTRIES }, () => rng.int(N_ROWS))
  const cols = Int32Array.from({ length: N_ENTRIES }, () => rng.int(N_COLS))
  const targets = Float32Array.from({ length: N_ENTRIES }, () => 1 + rng.int(5))
  const rowCounts = new Int32Array(N_ROWS)
  const colCounts = new Int32Array(N_COLS)
  rows.forEach((r) => rowCounts[r]!++)
  cols.forEach((c) => colCounts[c]!++)
  return { setup: { nRows: N_ROWS, nCols: N_COLS, architecture: PAPER_ARCHITECTURE, loss: 'squared', rowCounts, colCounts }, rows, cols, targets }
}

export async function benchEngines(engines: EngineUnderBench[], options: BenchOptions = {}): Promise<EngineBenchResult[]> {
  const batchSizes = options.batchSizes ?? [1024, 4096]
  const minSeconds = options.minSeconds ?? 3
  const log = options.log ?? ((line: string) => console.log(line))
  const data = movieLensShapedData(0)
  const results: EngineBenchResult[] = []
  for (const { name, factory } of engines) {
    // One engine at a time: tfjs engines share a process-wide backend.
    const engine = await factory(data.setup)
    try {
      engine.setParams(initParams(data.setup, createRng(1)))
      for (const batchSize of batchSizes) {
        const nBatches = Math.floor(N_ENTRIES / batchSize)
        const batchAt = (i: number): Batch => {
          const start = (i % nBatches) * batchSize
          return {
            rows: data.rows.subarray(start, start + batchSize),
            cols: data.cols.subarray(start, start + batchSize),
            targets: data.targets.subarray(start, start + batchSize),
          }
        }
        const step = (i: number): Promise<number> => engine.step(batchAt(i >> 1), i % 2 === 0 ? 'network' : 'latents', { learningRate: 1e-3, lambda: 50 })
        for (let i = 0; i < 4; i++) await step(i) // warm-up: kernel compilation, allocations
        let steps = 0
        const cpu0 = process.cpuUsage()
        const t0 = performance.now()
        let elapsed = 0
        while (elapsed < minSeconds * 1000 || steps % 2 === 1) {
          await step(steps)
          steps++
          elapsed = performance.now() - t0
        }
        const seconds = elapsed / 1000
        const cpu = process.cpuUsage(cpu0)
        const cpuSeconds = (cpu.user + cpu.system) / 1e6
        const entries = steps * batchSize
        const result: EngineBenchResult = {
          name,
          engineName: engine.name,
          batchSize,
          steps,
          seconds,
          entriesPerSecond: entries / seconds,
          entriesPerCpuSecond: entries / cpuSeconds,
        }
        results.push(result)
        const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(10)
        log(
          `${name.padEnd(20)} batch ${String(batchSize).padStart(5)}: ${fmt(result.entriesPerSecond)} entries/s, ` +
            `${fmt(result.entriesPerCpuSecond)} per CPU-second (${steps} steps in ${seconds.toFixed(1)} s)`,
        )
      }
    } finally {
      engine.dispose()
    }
  }
  return results
}

/** The tfjs engine on each JavaScript-side backend; native TensorFlow joins when installed. */
export const TFJS_ENGINES: EngineUnderBench[] = [
  { name: 'tfjs-wasm', factory: (setup) => createTfjsEngine(setup, { backend: 'wasm' }) },
  { name: 'tfjs-cpu', factory: (setup) => createTfjsEngine(setup, { backend: 'cpu' }) },
]

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchEngines(TFJS_ENGINES)
}
