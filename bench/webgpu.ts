/**
 * `npm run bench -- webgpu`: NNMF step throughput on MovieLens 100K (paper architecture) of the
 * WebGPU engine on this machine's adapter (named in the output), the CPU fast path and PyTorch
 * (../shared/peers/torch_nnmf.py, when python3-torch is installed), in one run. Entries are counted
 * as torch_nnmf.py counts them: each of the two alternating steps processes every entry of its batch.
 *
 * Then the time each engine takes to reach the reference's NNMF test RMSE on the reference's own
 * split of MovieLens 100K (numpy's permutation, through python3): the reference's figure comes from
 * torch_nnmf.py run in the same bench when python3-torch is installed (BENCH_TORCH=0 skips it), else
 * from its published run. On a software adapter WebGPU training stops after BENCH_WEBGPU_BUDGET_S
 * seconds (default 600) and says how far it got.
 *
 * Self-contained after `npm ci`: the adapter is the one Dawn offers; where there is none and
 * Chromium's SwiftShader is installed, it runs on SwiftShader (a CPU emulation: its figure says
 * nothing about GPUs, only that the path works).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Batch, NnmfEngine } from '../src-main/core/models/nnmf/engine.js'
import { createFastCpuEngine, defaultThreadCount } from '../src-main/core/models/nnmf/fastcpu/index.js'
import { initParams } from '../src-main/core/models/nnmf/init.js'
import { adapterLabel, createWebGpuEngine, isSoftwareAdapter, probeWebGpuAdapter, type AdapterInfo } from '../src-main/core/models/nnmf/webgpu/index.js'
import { createNnmfModel } from '../src-main/core/models/nnmf/model.js'
import { createRng } from '../src-main/core/random.js'
import { loadMovieLens } from './movielens.js'
import { DATA, loadProblem, slice, torchFigure, type Rate } from './nnmf-fastcpu.js'
import { numpySplit, PUBLISHED_REFERENCE, runTorchOwnSplit, torchAvailable } from './reference-split.js'
import { formatTrainingRow, run } from './training.js'

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'
/** The model's default minibatch (NNMF_DEFAULTS.batchSize), and a larger one that fills a GPU better. */
const BATCHES = [2048, 16384]

/** The adapter Dawn offers, falling back to SwiftShader when there is none. */
async function adapter(): Promise<AdapterInfo | string> {
  try {
    return await probeWebGpuAdapter()
  } catch (error) {
    if (process.env.VK_ICD_FILENAMES || !existsSync(SWIFTSHADER_ICD)) return `no WebGPU adapter: ${(error as Error).message}`
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
    try {
      return await probeWebGpuAdapter()
    } catch (again) {
      return `no WebGPU adapter, SwiftShader included: ${(again as Error).message}`
    }
  }
}

/**
 * Alternating network and latent steps over consecutive batches of `train`, after one warm-up pair,
 * until `minSeconds` have passed (at least one pair): entries per second of wall and CPU time.
 */
async function rate(engine: NnmfEngine, train: Batch, batchSize: number, minSeconds: number): Promise<Rate> {
  const options = { learningRate: 1e-3, lambda: 50 }
  const n = train.rows.length
  let at = 0
  const pair = async (): Promise<number> => {
    if (at + batchSize > n) at = 0
    const b = slice(train, at, at + batchSize)
    at += batchSize
    await engine.step(b, 'network', options)
    await engine.step(b, 'latents', options)
    return 2 * b.rows.length
  }
  await pair()
  let entries = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  do entries += await pair()
  while (performance.now() - t0 < minSeconds * 1000)
  const cpu = process.cpuUsage(cpu0)
  return { wall: entries / ((performance.now() - t0) / 1000), cpu: entries / ((cpu.user + cpu.system) / 1e6) }
}

const fmt = (r: Rate | string): string =>
  typeof r === 'string'
    ? r
    : `${Math.round(r.wall).toLocaleString('en-US').padStart(10)} entries/s wall  ${Math.round(r.cpu).toLocaleString('en-US').padStart(10)} per CPU-second`
const row = (label: string, r: Rate | string): void => console.log(`  ${label.padEnd(44)} ${fmt(r)}`)

export async function benchWebGpu(): Promise<void> {
  const problem = loadProblem(DATA)
  const params = initParams(problem.setup, createRng(0))
  console.log(`MovieLens 100K: ${problem.setup.nRows} × ${problem.setup.nCols}, ${problem.train.rows.length} training entries, paper architecture`)
  const info = await adapter()
  if (typeof info === 'string') {
    row('WebGPU', info)
  } else {
    const software = isSoftwareAdapter(info)
    console.log(`  WebGPU adapter: ${adapterLabel(info)}${software ? ': a CPU emulation, so its figure says nothing about GPUs' : ''}`)
    const engine = await createWebGpuEngine(problem.setup)
    try {
      engine.setParams(params)
      // A software adapter runs at CPU-emulation speed: one batch size and a short measurement.
      for (const batch of software ? BATCHES.slice(0, 1) : BATCHES) row(`WebGPU, batch ${batch}`, await rate(engine, problem.train, batch, software ? 4 : 10))
    } finally {
      engine.dispose()
    }
  }
  const threads = defaultThreadCount()
  const cpu = await createFastCpuEngine(problem.setup, { threads })
  try {
    cpu.setParams(params)
    for (const batch of BATCHES) row(`fastcpu, ${threads} thread(s), batch ${batch}`, await rate(cpu, problem.train, batch, 5))
  } finally {
    cpu.dispose()
  }
  row(`PyTorch+OpenBLAS, ${threads} thread(s), full batch`, torchFigure(threads))
  await timeToReference(typeof info === 'string' ? null : info)
}

/** Seconds for WebGPU and the CPU fast path to reach the reference's NNMF test RMSE, on the reference's split. */
async function timeToReference(info: AdapterInfo | null): Promise<void> {
  console.log("Time to the reference's NNMF test RMSE on its own split of MovieLens 100K (default NNMF, seed 0):")
  const split = numpySplit(loadMovieLens(DATA), 0)
  if (split === null) {
    console.log('  skipped: python3 with numpy is needed for the reference split')
    return
  }
  const torch = process.env.BENCH_TORCH !== '0' && torchAvailable() ? runTorchOwnSplit(DATA, 0, (line) => console.log(`  ${line}`), 'nnmf').nnmf : undefined
  const reference = torch ?? PUBLISHED_REFERENCE.nnmf
  console.log(
    `  target: test RMSE ${reference.test_rmse}, which the reference reached in ${reference.seconds} s (${torch ? 'run here now' : 'its published run'})`,
  )
  const ratio = (seconds: number | null): string => (seconds === null ? '' : ` (${(seconds / reference.seconds).toFixed(3)}× the reference's time)`)
  if (info === null) {
    console.log('  WebGPU: no adapter')
  } else {
    const budget = isSoftwareAdapter(info) ? Number(process.env.BENCH_WEBGPU_BUDGET_S ?? 600) : undefined
    const gpu = await run(
      'NNMF on WebGPU',
      createNnmfModel((setup) => createWebGpuEngine(setup)),
      split,
      reference.test_rmse,
      '',
      '',
      budget,
    )
    console.log(`  ${formatTrainingRow(gpu)}${ratio(gpu.secondsToTarget)}`)
  }
  const cpu = await run(
    'NNMF on fastcpu',
    createNnmfModel((setup) => createFastCpuEngine(setup)),
    split,
    reference.test_rmse,
    '',
  )
  console.log(`  ${formatTrainingRow(cpu)}${ratio(cpu.secondsToTarget)}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await benchWebGpu()
}
