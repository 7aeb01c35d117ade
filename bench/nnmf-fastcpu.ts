/**
 * Throughput of the fast CPU NNMF engine on MovieLens 100K (paper architecture), side by side with
 * tfjs-wasm and, when Debian's python3-torch is installed, ../shared/peers/torch_nnmf.py.
 * Counts entries as torch_nnmf.py does: each of the two alternating steps (network, latents)
 * processes every entry of its batch once. Besides wall-clock rates it prints rates per CPU-second
 * (all threads of the process), which stay meaningful when other work shares the machine.
 *
 *   node --import tsx bench/nnmf-fastcpu.ts
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { PAPER_ARCHITECTURE, type Batch, type NnmfEngine, type NnmfEngineSetup } from '../src-main/core/models/nnmf/engine.js'
import { createFastCpuEngine } from '../src-main/core/models/nnmf/fastcpu/index.js'
import { initParams } from '../src-main/core/models/nnmf/init.js'
import { createRng } from '../src-main/core/random.js'

const here = path.dirname(fileURLToPath(import.meta.url))
export const DATA = path.resolve(here, '../../shared/data/movielens-100k/u.data')
const TORCH_SCRIPT = path.resolve(here, '../../shared/peers/torch_nnmf.py')

export interface Problem {
  setup: NnmfEngineSetup
  train: Batch
}

/** u.data indexed in order of appearance, and torch_nnmf.py's share of it for training (88.2%). */
export function loadProblem(file: string): Problem {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
  const rowIds = new Map<string, number>()
  const colIds = new Map<string, number>()
  const all = lines.map((line) => {
    const [u, m, r] = line.split(/\s+/)
    if (!rowIds.has(u!)) rowIds.set(u!, rowIds.size)
    if (!colIds.has(m!)) colIds.set(m!, colIds.size)
    return [rowIds.get(u!)!, colIds.get(m!)!, Number(r)] as const
  })
  const rng = createRng(0)
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[all[i], all[j]] = [all[j]!, all[i]!]
  }
  const rest = all.slice(Math.floor(all.length / 10))
  const train = rest.slice(Math.floor((rest.length * 2) / 100))
  const setup: NnmfEngineSetup = {
    nRows: rowIds.size,
    nCols: colIds.size,
    architecture: PAPER_ARCHITECTURE,
    loss: 'squared',
    rowCounts: new Int32Array(rowIds.size),
    colCounts: new Int32Array(colIds.size),
  }
  for (const [r, c] of train) {
    setup.rowCounts[r]!++
    setup.colCounts[c]!++
  }
  return {
    setup,
    train: {
      rows: Int32Array.from(train, (e) => e[0]),
      cols: Int32Array.from(train, (e) => e[1]),
      targets: Float32Array.from(train, (e) => e[2]),
    },
  }
}

export function slice(b: Batch, start: number, end: number): Batch {
  return { rows: b.rows.subarray(start, end), cols: b.cols.subarray(start, end), targets: b.targets.subarray(start, end) }
}

export interface Rate {
  /** Entries per second of wall time. */
  wall: number
  /** Entries per second of CPU time summed over the process's threads: steadier on a shared machine. */
  cpu: number
}

/** Alternating network/latent steps over the whole of `train` in batches of `batchSize`, for at least `minSeconds`. */
async function throughput(engine: NnmfEngine, train: Batch, batchSize: number, minSeconds: number): Promise<Rate> {
  const n = train.rows.length
  const options = { learningRate: 1e-3, lambda: 50 }
  const pass = async (): Promise<number> => {
    for (let start = 0; start < n; start += batchSize) {
      const b = slice(train, start, Math.min(n, start + batchSize))
      await engine.step(b, 'network', options)
      await engine.step(b, 'latents', options)
    }
    return 2 * n
  }
  await pass() // warm-up: JIT, memory growth
  let entries = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  while (performance.now() - t0 < minSeconds * 1000) entries += await pass()
  const cpu = process.cpuUsage(cpu0)
  return { wall: entries / ((performance.now() - t0) / 1000), cpu: entries / ((cpu.user + cpu.system) / 1e6) }
}

/** torch_nnmf.py's own figure, plus its CPU time (getrusage of the Python process, threads included). */
function torchRun(iters: number, threads: number): { entriesPerSecond: number; cpuSeconds: number; entries: number } {
  const wrapper = [
    'import resource, runpy, sys',
    'sys.argv = sys.argv[1:]',
    'try:',
    '    runpy.run_path(sys.argv[0], run_name="__main__")',
    'except SystemExit:',
    '    pass',
    'r = resource.getrusage(resource.RUSAGE_SELF)',
    'print("CPU", r.ru_utime + r.ru_stime)',
  ].join('\n')
  const args = ['--data', DATA, '--model', 'nnmf', '--throughput', '--iters', String(iters), '--threads', String(threads)]
  const out = execFileSync('/usr/bin/python3', ['-c', wrapper, TORCH_SCRIPT, ...args], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    encoding: 'utf8',
  })
  const lines = out.trim().split('\n')
  const json = JSON.parse(lines.find((l) => l.startsWith('{'))!) as { entries_per_second: number; train: number }
  const cpuSeconds = Number(lines.find((l) => l.startsWith('CPU '))!.slice(4))
  return { entriesPerSecond: json.entries_per_second, cpuSeconds, entries: 2 * iters * json.train }
}

/**
 * PyTorch at `threads` threads, full batch as the script does: its own wall figure for 12 iterations,
 * and entries per CPU-second from the difference of a 12- and a 2-iteration run (start-up cancels).
 */
export function torchFigure(threads: number): Rate | string {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' })
  } catch {
    return 'python3-torch not installed'
  }
  try {
    const short = torchRun(2, threads)
    const long = torchRun(12, threads)
    return { wall: long.entriesPerSecond, cpu: (long.entries - short.entries) / (long.cpuSeconds - short.cpuSeconds) }
  } catch (err) {
    return `torch_nnmf.py failed: ${(err as Error).message}`
  }
}

async function tfjsWasmFigure(problem: Problem): Promise<Rate | string> {
  try {
    const { selectBackend } = await import('../src-main/core/backend/index.js')
    const { createTfjsEngine } = await import('../src-main/core/models/nnmf/tfjs-engine.js')
    await selectBackend('wasm')
    const engine = await createTfjsEngine(problem.setup, { backend: 'wasm' })
    try {
      engine.setParams(initParams(problem.setup, createRng(0)))
      // tfjs-wasm is slow: a sub-sample of 16384 entries in batches of 4096 is enough for a rate.
      return await throughput(engine, slice(problem.train, 0, 16384), 4096, 3)
    } finally {
      engine.dispose()
    }
  } catch (err) {
    return `unavailable: ${(err as Error).message}`
  }
}

const k = (x: number): string => `${Math.round(x / 1000)}k`.padStart(6)
const fmt = (r: Rate | string): string => (typeof r === 'string' ? r : `${k(r.wall)} entries/s wall  ${k(r.cpu)} per CPU-second`)
const row = (label: string, r: Rate | string): void => console.log(`  ${label.padEnd(46)} ${fmt(r)}`)

export async function benchFastCpu(): Promise<void> {
  const problem = loadProblem(DATA)
  const n = problem.train.rows.length
  const load = os.loadavg()[0]!
  console.log(`MovieLens 100K: ${problem.setup.nRows} × ${problem.setup.nCols}, ${n} training entries, paper architecture`)
  console.log(`  machine: ${os.availableParallelism()} cores, 1-minute load average ${load.toFixed(1)} at start`)
  const ours = new Map<string, Rate>()
  for (const threads of [1, 2]) {
    const engine = await createFastCpuEngine(problem.setup, { threads })
    try {
      engine.setParams(initParams(problem.setup, createRng(0)))
      for (const batchSize of [512, 4096, n]) {
        const rate = await throughput(engine, problem.train, batchSize, 3)
        const batch = batchSize === n ? 'full' : String(batchSize)
        ours.set(`${threads}|${batch}`, rate)
        row(`fastcpu, ${threads} thread(s), batch ${batch}`, rate)
      }
    } finally {
      engine.dispose()
    }
  }
  row('tfjs-wasm (1 thread), batch 4096', await tfjsWasmFigure(problem))
  for (const threads of [1, 2]) {
    const torch = torchFigure(threads)
    row(`PyTorch+OpenBLAS, ${threads} thread(s), full batch`, torch)
    if (typeof torch === 'string') continue
    for (const [key, rate] of ours) {
      const [t, batch] = key.split('|')
      if (Number(t) !== threads) continue
      console.log(
        `    fastcpu/PyTorch, ${threads} thread(s), batch ${batch}: ${(rate.wall / torch.wall).toFixed(2)}× wall, ${(rate.cpu / torch.cpu).toFixed(2)}× per CPU-second`,
      )
    }
  }
  console.log(`  1-minute load average ${os.loadavg()[0]!.toFixed(1)} at the end (wall figures are only comparable on an idle machine)`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await benchFastCpu()
}
