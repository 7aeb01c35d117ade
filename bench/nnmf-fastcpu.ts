/**
 * Throughput of the fast CPU NNMF engine on MovieLens 100K (paper architecture), side by side with
 * tfjs-wasm and, when Debian's python3-torch is installed, ../shared/peers/torch_nnmf.py.
 * Counts entries as torch_nnmf.py does: each of the two alternating steps (network, latents)
 * processes every entry of its batch once.
 *
 *   node --import tsx bench/nnmf-fastcpu.ts
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { PAPER_ARCHITECTURE, type Batch, type NnmfEngine, type NnmfEngineSetup } from '../src-main/core/models/nnmf/engine.js'
import { createFastCpuEngine } from '../src-main/core/models/nnmf/fastcpu/index.js'
import { initParams } from '../src-main/core/models/nnmf/init.js'
import { createRng } from '../src-main/core/random.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const DATA = path.resolve(here, '../../shared/data/movielens-100k/u.data')
const TORCH_SCRIPT = path.resolve(here, '../../shared/peers/torch_nnmf.py')

interface Problem {
  setup: NnmfEngineSetup
  train: Batch
}

/** u.data indexed in order of appearance, and torch_nnmf.py's share of it for training (88.2%). */
function loadProblem(file: string): Problem {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '')
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

function slice(b: Batch, start: number, end: number): Batch {
  return { rows: b.rows.subarray(start, end), cols: b.cols.subarray(start, end), targets: b.targets.subarray(start, end) }
}

/** Entries per second of alternating network/latent steps over `epochs` passes in batches of `batchSize`. */
async function throughput(engine: NnmfEngine, train: Batch, batchSize: number, minSeconds: number): Promise<number> {
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
  const t0 = performance.now()
  while (performance.now() - t0 < minSeconds * 1000) entries += await pass()
  return entries / ((performance.now() - t0) / 1000)
}

function torchFigure(): { entriesPerSecond: number; threads: number } | string {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' })
  } catch {
    return 'python3-torch not installed'
  }
  try {
    const out = execFileSync(
      '/usr/bin/python3',
      [TORCH_SCRIPT, '--data', DATA, '--model', 'nnmf', '--throughput', '--iters', '10'],
      { env: { ...process.env, OPENBLAS_NUM_THREADS: '1' }, encoding: 'utf8' },
    )
    const line = JSON.parse(out.trim().split('\n').pop()!) as { entries_per_second: number; threads: number }
    return { entriesPerSecond: line.entries_per_second, threads: line.threads }
  } catch (err) {
    return `torch_nnmf.py failed: ${(err as Error).message}`
  }
}

async function tfjsWasmFigure(problem: Problem): Promise<number | string> {
  try {
    const { createTfjsEngine } = await import('../src-main/core/models/nnmf/tfjs-engine.js')
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

const fmt = (x: number): string => `${Math.round(x / 1000)}k entries/s`

export async function benchFastCpu(): Promise<void> {
  const problem = loadProblem(DATA)
  const n = problem.train.rows.length
  console.log(`MovieLens 100K: ${problem.setup.nRows} × ${problem.setup.nCols}, ${n} training entries, paper architecture`)
  const ours: Record<string, number> = {}
  for (const threads of [1, 2]) {
    const engine = await createFastCpuEngine(problem.setup, { threads })
    try {
      engine.setParams(initParams(problem.setup, createRng(0)))
      for (const batchSize of [512, 4096, n]) {
        const rate = await throughput(engine, problem.train, batchSize, 3)
        const label = `${engine.name}, batch ${batchSize === n ? `${n} (full)` : batchSize}`
        ours[`${threads}/${batchSize === n ? 'full' : batchSize}`] = rate
        console.log(`  ${label.padEnd(48)} ${fmt(rate)}`)
      }
    } finally {
      engine.dispose()
    }
  }
  const wasm = await tfjsWasmFigure(problem)
  console.log(`  ${'tfjs-wasm, batch 4096'.padEnd(48)} ${typeof wasm === 'number' ? fmt(wasm) : wasm}`)
  const torch = torchFigure()
  if (typeof torch === 'string') {
    console.log(`  PyTorch reference: ${torch}`)
    return
  }
  console.log(`  ${`PyTorch (OpenBLAS 1 thread, torch ${torch.threads} threads), full batch`.padEnd(48)} ${fmt(torch.entriesPerSecond)}`)
  for (const [key, rate] of Object.entries(ours)) {
    const [threads, batch] = key.split('/')
    console.log(`  ratio fastcpu/PyTorch, ${threads} thread(s), batch ${batch}: ${(rate / torch.entriesPerSecond).toFixed(2)}×`)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await benchFastCpu()
}
