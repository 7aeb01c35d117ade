/**
 * `npm run bench -- reliability`: the campaigns of issue 13 item 5, with counts.
 *
 * 1. Import fuzz: generated and mutated import files (CSV, TSV, semicolon, XLSX; wide and long;
 *    UTF-8, UTF-8 with BOM, Shift_JIS; truncated, random bytes, mislabelled or wrong encodings,
 *    huge fields, formula labels, duplicate keys and columns, ragged rows, empty files, stray BOMs:
 *    reliability/corpus.ts) imported through importFile into real stores, every fifth previewed
 *    first as the import page does. Counted: crashes (any throw that is not the import's
 *    ImportError, in the import or the preview), partial datasets (a refused import that changed
 *    a dataset table or left staging; an accepted one stored incompletely; each store checked in
 *    full at the end of its batch and after reopening), refusals without specifics (file, line and
 *    column where the error code has them, a worded reason), accepted files. Targets: 0, 0, 0.
 * 2. kill -9: the CLI's `import` (a 1.2 M-cell file), `train` (NNMF, over ten seconds) and `pilot`
 *    (quick, every model), each SIGKILLed at a seeded random moment of its work while a writer
 *    process (reliability/writer.ts, 1 s busy timeout) changes a setting every 20 ms and imports a
 *    tiny file every second into the same store. After each kill the store is opened as the app
 *    opens it: integrity_check, no dataset partly there, no staging of the dead process left, every
 *    run complete, interrupted with a loadable checkpoint, or interrupted before its first one;
 *    every pilot complete or interrupted; every other interrupted run resumed with `resume`, to the
 *    uninterrupted run's model. The writer must never fail. Targets: 0 in every failure column.
 *
 * Environment (defaults in brackets):
 *   BENCH_FUZZ_FILES [10000]       import fuzz files (0 skips the fuzz)
 *   BENCH_FUZZ_PER_STORE [1000]    files per store before it is checked in full and replaced
 *   BENCH_KILL_ROUNDS [20]         kills per campaign (0 skips them)
 *   BENCH_KILL_KINDS [import,train,pilot]
 *   BENCH_RESUME_EVERY [2]         resume every n-th interrupted training run (0: none)
 *   BENCH_WRITER_BUSY_MS [1000]    the concurrent writer's busy timeout
 *   BENCH_SEED [1]
 * The default run takes about 12 minutes on a busy 2-core machine.
 *
 *   npm run bench -- reliability
 */
import { runImportFuzz } from './reliability/fuzz.js'
import { BENCH_WORKLOADS, KILL_KINDS, runKillCampaign, type KillCounts, type KillKind } from './reliability/kill.js'

const int = (name: string, fallback: number): number => {
  const raw = process.env[name]
  const value = raw === undefined || raw === '' ? fallback : Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0 (got "${raw}")`)
  return value
}

function killLine(c: KillCounts): string {
  const runs =
    c.kind === 'train'
      ? ` · runs: ${c.runs.complete} complete, ${c.runs.checkpointed} resumable from a checkpoint, ${c.runs.interruptedEarly} interrupted before one, ${c.runs.bad} in another state; resumed ${c.resumed.sameModel}/${c.resumed.tried} to the uninterrupted model (${c.resumed.otherModel} to another, ${c.resumed.failed} failed)`
      : c.kind === 'pilot'
        ? ` · pilots: ${c.pilots.complete} complete, ${c.pilots.interrupted} interrupted, ${c.pilots.bad} in another state`
        : ''
  const early = c.kind === 'import' ? '' : `, ${c.beforeRun} killed before their ${c.kind === 'train' ? 'run' : 'pilot'} was stored`
  return (
    `${c.kind}: ${c.rounds} rounds, ${c.killed} killed, ${c.finishedFirst} done before the kill${early}, ${c.failedExits} failed by themselves · ` +
    `store: ${c.openFailures} not opening, ${c.integrityFailures} integrity failures, ${c.partialDatasets} with a partial dataset or staging left${runs} · ` +
    `writer: ${c.writer.writes} settings writes and ${c.writer.imports} imports, ${c.writer.failures} failed, longest ${c.writer.maxWaitMs} ms`
  )
}

export async function benchReliability(): Promise<void> {
  const seed = int('BENCH_SEED', 1)
  const files = int('BENCH_FUZZ_FILES', 10_000)
  const log = (line: string): void => console.log(line)
  if (files > 0) {
    const started = performance.now()
    console.log(`Import fuzz: ${files} files, seed ${seed}`)
    const f = await runImportFuzz({ files, seed, perStore: Math.max(1, int('BENCH_FUZZ_PER_STORE', 1000)), previewEvery: 5, log })
    const codes = Object.entries(f.refusedFile)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ${n}`)
      .join(', ')
    const refused = f.refusedCells + Object.values(f.refusedFile).reduce((a, b) => a + b, 0)
    console.log(`import fuzz: ${f.files} files in ${f.stores} stores (${f.previews} previewed first), ${((performance.now() - started) / 1000).toFixed(0)} s`)
    console.log(
      `  accepted ${f.accepted}; refused ${refused}: ${f.refusedCells} for bad cells (report with line and column), ${refused - f.refusedCells} as a whole (${codes})`,
    )
    console.log(
      `  crashes ${f.crashes} · partial datasets ${f.partialDatasets} · refusals without specifics ${f.unspecificRefusals} · stores failing the full check ${f.badStores}   (target 0 · 0 · 0 · 0)`,
    )
    for (const e of f.examples) console.log(`  ! ${e}`)
  }

  const rounds = int('BENCH_KILL_ROUNDS', 20)
  const kinds = (process.env.BENCH_KILL_KINDS ?? KILL_KINDS.join(','))
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
  const unknown = kinds.filter((k) => !(KILL_KINDS as readonly string[]).includes(k))
  if (unknown.length > 0) throw new Error(`BENCH_KILL_KINDS: unknown ${unknown.join(', ')} (known: ${KILL_KINDS.join(', ')})`)
  if (rounds === 0) return
  const results: KillCounts[] = []
  for (const kind of kinds as KillKind[]) {
    const started = performance.now()
    console.log(`\nkill -9 during ${kind}: ${rounds} rounds, seed ${seed}`)
    const counts = await runKillCampaign({
      kind,
      rounds,
      seed,
      workload: BENCH_WORKLOADS[kind],
      resumeEvery: int('BENCH_RESUME_EVERY', 2),
      writerBusyTimeoutMs: int('BENCH_WRITER_BUSY_MS', 1000),
      log: (line) => (/round \d+\//.test(line) ? undefined : log(line)),
    })
    results.push(counts)
    console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s`)
    for (const e of counts.examples) console.log(`  ! ${e}`)
  }
  console.log('\nkill -9 campaigns:')
  for (const c of results) console.log(`  ${killLine(c)}`)
}
