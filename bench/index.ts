/**
 * `npm run bench [-- NAME ...]`: speed and memory benchmarks, each printing its figures beside a
 * reference measured in the same run and the ratio. Not part of `npm test` (tests never assert
 * wall-clock times). Without names, every benchmark runs in this order:
 *
 *   import    1M-entry long CSV and SECOM vs the sqlite3 CLI's .import      (target ≤ 1.5×)
 *   fastcpu   NNMF step throughput of the CPU fast path vs PyTorch+OpenBLAS (target ≥ 1×)
 *   engines   tfjs engines' step throughput (wasm, cpu)
 *   webgpu    WebGPU engine's step throughput on this machine's adapter (named) vs fastcpu and PyTorch, and time to the reference's NNMF RMSE
 *   training  MovieLens 100K: test RMSE and time to reach it for mean, bias, MF, NNMF
 *             (BENCH_TORCH=1 also runs ../shared/peers/torch_nnmf.py on the same split)
 *   pilot     a standard pilot on SECOM: estimated vs actual time, verdict
 *   mf-reference  ML-100K, SECOM, AI4I: the MF each effort's grid chooses vs torch_nnmf.py's best biased MF (within 0.5 %)
 *   knn       ML-100K u1.base/u1.test: the neighbourhood model's RMSE beside Surprise's published KNNBaseline
 *   verdict   calibration of the verdict: A/A false-alarm rate, power, quick/standard consistency
 *   reliability  import fuzz (10,000 files) and kill -9 of import, train and pilot beside a concurrent writer: failure counts (target 0)
 *
 * Run on an otherwise idle machine: the figures are wall-clock times.
 */
import os from 'node:os'

type Bench = () => Promise<unknown>

const BENCHES: Record<string, Bench> = {
  import: async () => (await import('./import.js')).benchImport(),
  fastcpu: async () => (await import('./nnmf-fastcpu.js')).benchFastCpu(),
  engines: async () => {
    const { benchEngines, TFJS_ENGINES } = await import('./nnmf-engines.js')
    return benchEngines(TFJS_ENGINES)
  },
  webgpu: async () => (await import('./webgpu.js')).benchWebGpu(),
  training: async () => (await import('./training.js')).benchTraining({ log: console.log }),
  pilot: async () => (await import('./pilot.js')).benchPilot(),
  'mf-reference': async () => (await import('./mf-reference.js')).benchMfReference(),
  knn: async () => (await import('./knn.js')).benchKnn(),
  verdict: async () => (await import('./verdict/index.js')).benchVerdict(),
  reliability: async () => (await import('./reliability.js')).benchReliability(),
}

const requested = process.argv.slice(2)
const unknown = requested.filter((name) => !(name in BENCHES))
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}.`)
  process.exit(2)
}

const [load1] = os.loadavg()
console.log(
  `NNMF Workbench benchmarks on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${load1!.toFixed(1)}, Node ${process.version}`,
)
if (load1! > os.cpus().length) console.log('Warning: the machine is busy; wall-clock figures will be slower than on an idle machine.')

for (const name of requested.length > 0 ? requested : Object.keys(BENCHES)) {
  console.log(`\n=== ${name} ===`)
  const started = performance.now()
  await BENCHES[name]!()
  console.log(
    `(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)`,
  )
}
// Engines keep worker threads; the benchmarks dispose them, but do not let a straggler hold the run open.
process.exit(0)
