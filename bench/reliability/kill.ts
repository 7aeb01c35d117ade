import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { importFile } from '../../src-main/core/import/index.js'
import { createRng } from '../../src-main/core/random.js'
import { deleteDataset } from '../../src-main/core/store/datasets.js'
import { loadResumeState, loadSavedModel, resumableModelIds } from '../../src-main/core/store/models.js'
import { openDatabase, type Db } from '../../src-main/core/store/open.js'
import { releaseOwner } from '../../src-main/core/store/owners.js'
import { runCli, sleep, startCli, startTs, until, type Started } from './processes.js'
import { datasetProblems, integrityOk } from './store-checks.js'
import { writeSensorCsv } from './tables.js'

export type KillKind = 'import' | 'train' | 'pilot'
export const KILL_KINDS: readonly KillKind[] = ['import', 'train', 'pilot']

export interface Workload {
  rows: number
  cols: number
  density: number
}

/**
 * The bench's sizes: the import's file is written in a few seconds of short transactions; NNMF
 * trains for over ten seconds, so kills find runs with and without a checkpoint (one every 5 s);
 * a quick pilot of every model runs several seconds.
 */
export const BENCH_WORKLOADS: Record<KillKind, Workload> = {
  import: { rows: 8000, cols: 150, density: 1 },
  train: { rows: 2000, cols: 100, density: 0.7 },
  pilot: { rows: 400, cols: 40, density: 0.7 },
}

export interface KillOptions {
  kind: KillKind
  rounds: number
  seed: number
  workload: Workload
  /** Resume every n-th interrupted training run with the CLI's `resume` (0: none). */
  resumeEvery: number
  /** The concurrent writer's busy timeout. */
  writerBusyTimeoutMs: number
  log?: (line: string) => void
}

export interface KillCounts {
  kind: KillKind
  rounds: number
  /** Ended by the SIGKILL. */
  killed: number
  /** Done before the kill came (the moment fell after its end). */
  finishedFirst: number
  /** Ended by itself with a failure: a bug, or the concurrent writer's lock in its way. */
  failedExits: number
  /** Rounds after which the store could not be opened, failed PRAGMA integrity_check, or held a partial dataset. */
  openFailures: number
  integrityFailures: number
  partialDatasets: number
  /** Training runs after the kill, as the app finds them: complete, resumable from a checkpoint, interrupted before any, or anything else. */
  runs: { complete: number; checkpointed: number; interruptedEarly: number; bad: number }
  /** Killed before its training run or pilot was stored (starting up, reading the dataset). */
  beforeRun: number
  pilots: { complete: number; interrupted: number; bad: number }
  /** Interrupted runs taken up again with `nnmf-workbench resume`: done with the uninterrupted run's model, done with another, or failed. */
  resumed: { tried: number; sameModel: number; otherModel: number; failed: number }
  writer: { writes: number; imports: number; failures: number; maxWaitMs: number }
  examples: string[]
}

interface Round {
  args: string[]
}

function blobsOf(db: Db, id: number): string {
  const blobs = loadSavedModel(db, id).blobs
  return Object.keys(blobs)
    .sort()
    .map((name) => `${name}:${Buffer.from(blobs[name]!.buffer).toString('base64')}`)
    .join(';')
}

/**
 * SIGKILLs a CLI `import`, `train` or `pilot` at a seeded random moment of its work, `rounds` times,
 * in one store that a concurrent writer process (writer.ts) keeps writing to. An uninterrupted run
 * first measures how long the work lasts (from the command's first line on stderr to its exit);
 * each kill falls uniformly within that span. After each kill the store is opened as the app opens
 * it and checked: PRAGMA integrity_check, no dataset partly there and no staging of a gone owner
 * left (store-checks.ts), the round's training run complete, interrupted with a checkpoint
 * (resumable: its state loads) or interrupted before its first one, its pilot complete or
 * interrupted. Every `resumeEvery`-th interrupted run is resumed by the CLI and must end with the
 * uninterrupted run's model (same seed and engine). The writer must never fail.
 */
export async function runKillCampaign(options: KillOptions): Promise<KillCounts> {
  const { kind } = options
  const rng = createRng(options.seed)
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `nnmf-kill-${kind}-`))
  const dataDir = path.join(work, 'store')
  const counts: KillCounts = {
    kind,
    rounds: 0,
    killed: 0,
    finishedFirst: 0,
    failedExits: 0,
    openFailures: 0,
    integrityFailures: 0,
    partialDatasets: 0,
    runs: { complete: 0, checkpointed: 0, interruptedEarly: 0, bad: 0 },
    beforeRun: 0,
    pilots: { complete: 0, interrupted: 0, bad: 0 },
    resumed: { tried: 0, sameModel: 0, otherModel: 0, failed: 0 },
    writer: { writes: 0, imports: 0, failures: 0, maxWaitMs: 0 },
    examples: [],
  }
  const example = (line: string): void => {
    if (counts.examples.length < 10) counts.examples.push(line.slice(0, 400))
  }
  let writer: Started | undefined
  try {
    const tableCsv = path.join(work, kind === 'import' ? 'big.csv' : 'table.csv')
    writeSensorCsv(tableCsv, { ...options.workload, seed: options.seed })
    const tinyCsv = path.join(work, 'tiny.csv')
    fs.writeFileSync(tinyCsv, 'machine,temp,pressure\nm1,20.5,101.3\nm2,21,\n')
    const round: Round = { args: [] }
    {
      const db = openDatabase(dataDir)
      if (kind === 'import') {
        round.args = ['import', tableCsv]
      } else {
        const imported = await importFile(db, tableCsv, { name: 'table' })
        if (!imported.ok) throw new Error('the campaign table was refused')
        round.args =
          kind === 'train'
            ? ['train', '--dataset', String(imported.datasetId), '--model', 'nnmf', '--engine', 'fastcpu', '--seed', String(options.seed)]
            : [
                'pilot',
                '--dataset',
                String(imported.datasetId),
                '--effort',
                'quick',
                '--engine',
                'fastcpu',
                '--seed',
                String(options.seed),
                '--override-suitability',
              ]
      }
      releaseOwner(db)
      db.close()
    }
    round.args.push('--data-dir', dataDir)

    writer = startTs(path.join(path.dirname(new URL(import.meta.url).pathname), 'writer.ts'), [dataDir, String(options.writerBusyTimeoutMs), tinyCsv], {
      stdin: 'pipe',
    })
    await until(() => writer!.stdout().startsWith('ready') || writer!.child.exitCode !== null, 'the writer')

    // The uninterrupted run: how long the work takes, and (training) the model every resume must end with.
    const calibration = startCli(round.args)
    await calibration.spoke
    const spokeAt = performance.now()
    const calibrated = await calibration.exited
    const windowMs = performance.now() - spokeAt
    if (calibrated !== 0) throw new Error(`the uninterrupted ${kind} failed (${calibrated}): ${calibration.stderr().slice(-500)}`)
    let reference = ''
    let lastModel = 0
    let lastPilot = 0
    {
      const db = openDatabase(dataDir)
      if (kind === 'train') {
        lastModel = db.prepare('SELECT max(id) FROM models').pluck().get() as number
        reference = blobsOf(db, lastModel)
      }
      lastPilot = (db.prepare('SELECT max(id) FROM pilots').pluck().get() as number | null) ?? 0
      await removeImported(db)
      db.close()
    }
    options.log?.(`  ${kind}: the uninterrupted run works ${(windowMs / 1000).toFixed(1)} s after its first line; killing within that`)

    for (let r = 0; r < options.rounds; r++) {
      counts.rounds++
      const victim = startCli(round.args)
      await victim.spoke
      const delay = rng.next() * windowMs
      const ended = await Promise.race([victim.exited, sleep(delay).then(() => null)])
      if (ended === null) victim.child.kill('SIGKILL')
      const exit = await victim.exited
      if (exit === 'SIGKILL') counts.killed++
      else if (exit === 0) counts.finishedFirst++
      else {
        counts.failedExits++
        example(`round ${r}: ${kind} exited ${exit}: ${victim.stderr().trim().split('\n').slice(-2).join(' / ')}`)
      }

      let db: Db
      try {
        db = openDatabase(dataDir)
      } catch (error) {
        counts.openFailures++
        example(`round ${r}: the store did not open: ${String(error)}`)
        continue
      }
      try {
        if (!integrityOk(db)) {
          counts.integrityFailures++
          example(`round ${r}: integrity_check failed`)
        }
        const problems = datasetProblems(db)
        if (problems.length > 0) {
          counts.partialDatasets++
          example(`round ${r}: ${problems.join('; ')}`)
        }
        const resumable = resumableModelIds(db)
        const models = db.prepare('SELECT id, status FROM models WHERE id > ? ORDER BY id').all(lastModel) as { id: number; status: string }[]
        if (kind === 'train' && models.length === 0) counts.beforeRun++
        const toResume: number[] = []
        for (const model of models) {
          lastModel = model.id
          if (model.status === 'complete') counts.runs.complete++
          else if (model.status === 'interrupted' && resumable.has(model.id) && loadsResumeState(db, model.id)) {
            counts.runs.checkpointed++
            toResume.push(model.id)
          } else if (model.status === 'interrupted' && !resumable.has(model.id)) {
            counts.runs.interruptedEarly++
            toResume.push(model.id)
          } else {
            counts.runs.bad++
            example(`round ${r}: run ${model.id} is ${model.status} after its process was killed`)
          }
        }
        const pilots = db.prepare('SELECT id, status FROM pilots WHERE id > ? ORDER BY id').all(lastPilot) as { id: number; status: string }[]
        if (kind === 'pilot' && pilots.length === 0) counts.beforeRun++
        for (const pilot of pilots) {
          lastPilot = pilot.id
          if (pilot.status === 'complete') counts.pilots.complete++
          else if (pilot.status === 'interrupted') counts.pilots.interrupted++
          else {
            counts.pilots.bad++
            example(`round ${r}: pilot ${pilot.id} is ${pilot.status} after its process was killed`)
          }
        }
        for (const id of toResume) {
          const nth = counts.runs.checkpointed + counts.runs.interruptedEarly
          if (options.resumeEvery <= 0 || nth % options.resumeEvery !== 0) continue
          counts.resumed.tried++
          const resumed = await runCli(['resume', '--model', String(id), '--data-dir', dataDir])
          const status = db.prepare('SELECT status FROM models WHERE id = ?').pluck().get(id) as string
          if (resumed.code !== 0 || status !== 'complete') {
            counts.resumed.failed++
            example(`round ${r}: resume of run ${id} exited ${resumed.code} (${status}): ${resumed.stderr.trim().split('\n').slice(-2).join(' / ')}`)
          } else if (blobsOf(db, id) === reference) counts.resumed.sameModel++
          else {
            counts.resumed.otherModel++
            example(`round ${r}: run ${id} resumed to a model other than the uninterrupted run's`)
          }
        }
        await removeImported(db)
      } finally {
        releaseOwner(db)
        db.close()
      }
      options.log?.(`  ${kind} round ${r + 1}/${options.rounds}: ${exit === 'SIGKILL' ? `killed after ${(delay / 1000).toFixed(1)} s` : `ended ${exit} first`}`)
    }
  } finally {
    if (writer) {
      writer.child.stdin!.end()
      await writer.exited
      const lines = writer.stdout().trim().split('\n')
      const summary = lines.at(-1)?.startsWith('{') ? (JSON.parse(lines.at(-1)!) as KillCounts['writer']) : undefined
      if (summary) counts.writer = summary
      else counts.writer.failures++
      for (const line of lines.filter((l) => l.startsWith('fail ')).slice(0, 3)) example(`writer: ${line}`)
      if (writer.stderr().trim()) example(`writer stderr: ${writer.stderr().trim().slice(-300)}`)
    }
    fs.rmSync(work, { recursive: true, force: true })
  }
  return counts
}

function loadsResumeState(db: Db, id: number): boolean {
  try {
    return loadResumeState(db, id) !== undefined
  } catch {
    return false
  }
}

/** The import campaign's file goes in again every round: its published copies are deleted (the app's own way) to keep the store small. */
async function removeImported(db: Db): Promise<void> {
  const ids = db.prepare("SELECT id FROM datasets WHERE name = 'big' AND staging_owner IS NULL").pluck().all() as number[]
  for (const id of ids) await deleteDataset(db, id)
}
