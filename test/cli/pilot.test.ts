import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatNumber } from '../../src-main/contract/format.js'
import { MODEL_KINDS } from '../../src-main/core/models/specs.js'
import { adviceWithoutComparison } from '../../src-main/core/pilot/verdict-words.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { getPilot, listPilots } from '../../src-main/core/store/pilots.js'
import { tempDir as makeTempDir, removeTempDirs } from '../core/import/helpers.js'
import { plantedLowRank, writePlantedDataset } from '../helpers/planted.js'
import { cli, json, ROOT } from './helpers.js'
import { cliInProcess } from './in-process.js'

/**
 * `pilot`, `pilots` and `export` on small planted datasets (NNMF left out: the SECOM test runs
 * it), through the real CLI as a child process on a real store.
 */
let dataDir: string
let work: string
const ids = { small: 0, tiny: 0, big: 0 }

beforeAll(() => {
  dataDir = makeTempDir('nnmf-cli-pilot-store-')
  work = makeTempDir('nnmf-cli-pilot-files-')
  const db = openDatabase(dataDir)
  ids.small = writePlantedDataset(db, plantedLowRank({ nRows: 300, nCols: 40, rank: 2, density: 0.8, noise: 0.1, seed: 7 }), 'plant')
  ids.tiny = writePlantedDataset(db, plantedLowRank({ nRows: 30, nCols: 10, rank: 2, density: 0.8, noise: 0.1, seed: 8 }), 'tiny')
  ids.big = writePlantedDataset(db, plantedLowRank({ nRows: 1500, nCols: 300, rank: 3, density: 0.3, noise: 0.1, seed: 9 }), 'big')
  db.close()
})
afterAll(removeTempDirs)

function pilotsInStore() {
  const db = openDatabase(dataDir)
  try {
    return listPilots(db)
  } finally {
    db.close()
  }
}

function storedPilot(id: number) {
  const db = openDatabase(dataDir)
  try {
    return getPilot(db, id)!
  } finally {
    db.close()
  }
}

const QUICK = ['--models', 'mean,bias,mf', '--effort', 'quick']

describe('CLI pilot', () => {
  let firstId = 0

  it('lists pilot, pilots and export in --help, each with its options', async () => {
    const [general, pilot, exp] = await Promise.all([cliInProcess(['--help']), cliInProcess(['pilot', '--help']), cliInProcess(['export', '--help'])])
    expect([general.code, pilot.code, exp.code]).toEqual([0, 0, 0])
    expect(general.stdout).toMatch(/^ {2}pilot +run a pilot/m)
    expect(general.stdout).toMatch(/^ {2}pilots +list the stored pilots/m)
    expect(general.stdout).toMatch(/^ {2}export +write a pilot report/m)
    expect(pilot.stdout).toContain('--goal fill-cells|new-rows|latest-period')
    expect(pilot.stdout).toContain('--override-suitability')
    expect(exp.stdout).toContain('--what completed|missing|risk')
    expect(exp.stdout).toContain('--out FILE')
  })

  it('runs a pilot, stores it as the app does and prints the verdict and metrics; the same seed gives the same numbers', async () => {
    const run = await cli(['pilot', '--dataset', String(ids.small), ...QUICK, '--seed', '3', '--data-dir', dataDir, '--json'])
    expect(run.code).toBe(0)
    // Progress on stderr, as plain lines (not a terminal): split, model, epoch and time left.
    expect(run.stderr).toMatch(/^Pilot on dataset \d+ "plant" \(300 × 40, \d+ observed\): mean, bias, mf; quick effort, seed 3; engine: typed-arrays/m)
    expect(run.stderr).toMatch(/^pilot: \d+% split 1\/3 · mean/m)
    expect(run.stderr).toMatch(/^pilot: \d+% split [123]\/3 · mf \(candidate \d+\/\d+\) · epoch \d+\/\d+ · about \d+ s left$/m)
    const doc = json(run)
    expect(doc).toMatchObject({
      ok: true,
      command: 'pilot',
      dataDir,
      pilot: {
        datasetId: ids.small,
        name: 'plant · quick',
        status: 'complete',
        verdict: null,
        config: {
          goal: 'fill-cells',
          holdoutFraction: 0.1,
          effort: 'quick',
          models: ['mean', 'bias', 'mf'],
          seed: 3,
          engine: 'auto',
          overrideSuitability: false,
        },
      },
      verdict: null,
      headline: null,
      primaryMetric: 'rmse',
      comparison: null,
      engine: null,
    })
    firstId = doc.pilot.id

    // Exactly what the store holds (the app's pilots list and results page read the same record).
    const stored = storedPilot(firstId)
    // No verdict without NNMF: the one piece of advice names the best model, in verdict-words.ts' words.
    const advice = adviceWithoutComparison(stored.result!.best, 'en')
    expect(advice).toMatch(/^Best model in this pilot: (Global mean|Row and column bias|Plain MF)\. /)
    expect(doc).toMatchObject({ sentence: advice, advice })
    expect(stored.status).toBe('complete')
    expect(doc.pilot.createdAt).toBe(stored.createdAt)
    expect(doc.best).toMatchObject({ model: stored.result!.best.model, mean: stored.result!.best.mean })
    expect(doc.summary.map((s: { model: string }) => s.model)).toEqual(['mean', 'bias', 'mf'])
    for (const [k, s] of stored.result!.summary.entries()) {
      for (const m of ['rmse', 'mae', 'nrmse'] as const) {
        const i = s.metrics[m]!
        expect(doc.summary[k].metrics[m]).toEqual({ mean: i.mean, low: i.low, high: i.high, n: 3 })
      }
      expect(doc.summary[k].metrics.auc).toBeNull()
    }

    // Text: the advice once and no verdict, the metrics with their intervals as formatNumber prints them.
    const text = await cliInProcess(['pilot', '--dataset', String(ids.small), ...QUICK, '--seed', '3', '--name', 'again', '--data-dir', dataDir])
    expect(text.code).toBe(0)
    const lines = text.stdout.split('\n')
    expect(lines[0]).toMatch(/^Pilot \d+ "again": 3 splits, each holding out 10.0% of the observed cells; quick effort; /)
    expect(lines.filter((l) => l.startsWith('Advice: '))).toEqual([`Advice: ${advice}`])
    expect(lines.filter((l) => l.startsWith('Verdict: '))).toEqual([])
    expect(text.stdout).toMatch(/^MODEL +RMSE \[95% INTERVAL\] +NORMALISED RMSE \[95% INTERVAL\] +MAE \[95% INTERVAL\]$/m)
    for (const s of stored.result!.summary) {
      const cell = (m: 'nrmse' | 'rmse' | 'mae') =>
        `${formatNumber(s.metrics[m]!.mean)} \\[${formatNumber(s.metrics[m]!.low)}, ${formatNumber(s.metrics[m]!.high)}\\]`
      expect(text.stdout).toMatch(new RegExp(`^${s.model} +${cell('rmse')} +${cell('nrmse')} +${cell('mae')}$`, 'm'))
    }
    expect(text.stdout).toContain('Engine: typed-arrays')
    const again = pilotsInStore().find((p) => p.name === 'again')!
    expect(storedPilot(again.id).result!.summary).toEqual(stored.result!.summary)

    const list = json(await cliInProcess(['pilots', '--data-dir', dataDir, '--json']))
    expect(list.pilots.map((p: { id: number }) => p.id)).toEqual([again.id, firstId])
    expect(list.pilots[1]).toEqual(doc.pilot)
    const table = await cliInProcess(['pilots', '--data-dir', dataDir])
    expect(table.stdout).toMatch(new RegExp(`^${firstId} +${ids.small} +complete +- +quick +\\S+ +plant · quick$`, 'm'))
  }, 120_000)

  it("bad input exits 2 with the schema's message and stores nothing", async () => {
    const before = pilotsInStore()
    const args = (...extra: string[]) => ['pilot', '--data-dir', dataDir, ...extra]
    const cases: [string[], string, string][] = [
      [args('--dataset', String(ids.small), '--holdout', '0.7'), 'usage', 'nnmf-workbench pilot: --holdout: Too big: expected number to be <=0.5 (got "0.7").'],
      [
        args('--dataset', String(ids.small), '--models', 'mean,svd'),
        'usage',
        `nnmf-workbench pilot: --models: Invalid option: expected one of ${MODEL_KINDS.map((k) => `"${k}"`).join('|')} (got "mean,svd").`,
      ],
      [
        args('--dataset', String(ids.small), '--effort', 'fast'),
        'usage',
        'nnmf-workbench pilot: --effort: Invalid option: expected one of "quick"|"standard"|"thorough" (got "fast").',
      ],
      [
        args('--dataset', String(ids.small), '--seed', '1.5'),
        'usage',
        'nnmf-workbench pilot: --seed: Invalid input: expected int, received number (got "1.5").',
      ],
      [args('--dataset', 'x'), 'usage', 'nnmf-workbench pilot: --dataset: Invalid input: expected number, received string (got "x").'],
      [args('--models', 'mf'), 'usage', 'nnmf-workbench pilot: --dataset is required'],
      [args('--dataset', '99'), 'no-such-dataset', 'nnmf-workbench pilot: No dataset with id 99'],
      [
        args('--dataset', String(ids.small), '--goal', 'latest-period'),
        'latest-period-needs-times',
        'this dataset has none. Choose "fill in missing values" or "new machines". (--goal fill-cells or --goal new-rows)',
      ],
      [
        args('--dataset', String(ids.tiny)),
        'unsuitable-data',
        'The data check found this dataset unsuitable for a pilot; override the check to run it anyway. (--override-suitability)',
      ],
    ]
    const runs = await Promise.all(cases.map(([a]) => cliInProcess([...a, '--json'])))
    for (const [k, run] of runs.entries()) {
      const [, code, message] = cases[k]!
      expect(run.code, cases[k]![0].join(' ')).toBe(2)
      expect(run.stderr).toContain(message)
      expect(json(run)).toMatchObject({ ok: false, command: 'pilot', error: { exitCode: 2, code } })
    }
    expect(pilotsInStore()).toEqual(before)

    const overridden = json(await cliInProcess(args('--dataset', String(ids.tiny), '--models', 'mean,bias', '--override-suitability', '--json', '-q')))
    expect(overridden.pilot).toMatchObject({ status: 'complete', config: { overrideSuitability: true } })
  }, 120_000)

  it('Ctrl-C exits 130 and keeps the pilot, marked cancelled', async () => {
    const before = pilotsInStore().length
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/cli/index.ts', 'pilot', '--dataset', String(ids.big), ...QUICK, '--data-dir', dataDir, '--json'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    let sent = false
    child.stderr.on('data', (d: Buffer) => {
      stderr += d
      // Once the first progress line is out the pilot is in the store, 'running'.
      if (!sent && /^pilot: /m.test(stderr)) {
        sent = true
        child.kill('SIGINT')
      }
    })
    expect(await exited).toBe(130)
    expect(sent).toBe(true)
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, command: 'pilot', error: { exitCode: 130, code: 'cancelled' } })
    const pilots = pilotsInStore()
    expect(pilots.length).toBe(before + 1)
    expect(pilots[0]).toMatchObject({ datasetId: ids.big, status: 'cancelled' })
    expect(storedPilot(pilots[0]!.id).result).toBeNull()
  }, 120_000)
})

describe('CLI export', () => {
  it("writes a pilot report, a model's completed matrix and missing cells, and a dataset; --json gives path and size", async () => {
    const pilotId = pilotsInStore().find((p) => p.name === 'plant · quick')!.id
    const model = json(await cliInProcess(['train', '--dataset', String(ids.small), '--model', 'mf', '--data-dir', dataDir, '--json', '-q'])).model
    const out = (name: string) => path.join(work, name)
    const base = ['export', '--data-dir', dataDir, '--json']
    const [html, csv, xlsx, missing, data] = await Promise.all([
      cliInProcess([...base, '--pilot', String(pilotId), '--format', 'html', '--out', out('report.html')]),
      cliInProcess([...base, '--model', String(model.id), '--what', 'completed', '--format', 'csv', '--out', out('completed.csv')]),
      cliInProcess([...base, '--model', String(model.id), '--what', 'completed', '--format', 'xlsx', '--layout', 'wide', '--out', out('completed.xlsx')]),
      cliInProcess([...base, '--model', String(model.id), '--what', 'missing', '--format', 'csv', '--out', out('missing.csv')]),
      cliInProcess([...base, '--dataset', String(ids.small), '--out', out('plant.csv')]),
    ])
    for (const [run, file, kind] of [
      [html, 'report.html', 'pilot-report'],
      [csv, 'completed.csv', 'completed-matrix'],
      [xlsx, 'completed.xlsx', 'completed-matrix'],
      [missing, 'missing.csv', 'missing-predictions'],
      [data, 'plant.csv', 'dataset-csv'],
    ] as const) {
      expect(run.code, run.stderr).toBe(0)
      expect(json(run)).toEqual({
        ok: true,
        command: 'export',
        dataDir,
        path: out(file),
        bytes: fs.statSync(out(file)).size,
        source: expect.any(String),
        kind,
        format: path.extname(file).slice(1),
      })
    }
    expect(fs.readFileSync(out('report.html'), 'utf8')).toContain('plant · quick')
    const long = fs.readFileSync(out('completed.csv'), 'utf8').trimEnd().split('\r\n')
    expect(long[0]).toBe('\ufeffrow,column,value,source,model')
    expect(long.length - 1).toBe(300 * 40)
    const observed = long.filter((l) => l.includes(',observed,')).length
    expect(long.filter((l) => l.includes(`,mf#${model.id}`)).length).toBe(300 * 40 - observed)
    expect(fs.readFileSync(out('missing.csv'), 'utf8').trimEnd().split('\n').length - 1).toBe(300 * 40 - observed)
    expect(fs.readFileSync(out('plant.csv'), 'utf8').split('\n')[0]).toMatch(/^row,c0,c1,/)
    // Nothing but the outputs in the folder: no temporary files left behind.
    expect(fs.readdirSync(work).sort()).toEqual(['completed.csv', 'completed.xlsx', 'missing.csv', 'plant.csv', 'report.html'])
  }, 120_000)

  it('bad combinations and unknown ids exit 2 with a clear message and write nothing', async () => {
    const dir = makeTempDir('nnmf-cli-export-bad-')
    const o = ['--out', path.join(dir, 'x.out'), '--data-dir', dataDir]
    const cases: [string[], string][] = [
      [['--format', 'csv', ...o], 'Say what to export: --pilot ID (report), --model ID (predictions) or --dataset ID (the data as CSV).'],
      [['--pilot', '1', '--dataset', '1', ...o], 'Give one of --pilot, --model and --dataset, not --pilot and --dataset.'],
      [['--pilot', '1', '--format', 'csv', ...o], '--format must be one of html, pdf (got "csv").'],
      [['--pilot', '1', ...o], '--format is required with --pilot (html or pdf).'],
      [['--pilot', '1', '--format', 'html', '--what', 'risk', ...o], '--what does not apply to --pilot; it goes with --model.'],
      [['--dataset', '1', '--layout', 'wide', ...o], '--layout does not apply to --dataset; it goes with --model with --what completed.'],
      [['--model', '1', '--format', 'csv', ...o], '--what is required with --model (completed, missing or risk).'],
      [['--model', '1', '--what', 'completed', '--format', 'pdf', ...o], '--format must be one of csv, xlsx (got "pdf").'],
      [['--model', '1', '--what', 'missing', '--format', 'csv', '--layout', 'wide', ...o], '--layout applies to --what completed only.'],
      [['--model', '1', '--what', 'completed', '--format', 'csv', '--top', '5', ...o], '--top applies to --what risk only.'],
      [['--model', '1', '--model', '2', '--what', 'risk', '--format', 'csv', ...o], 'Several --model apply to --what missing only'],
      [['--model', '1', '--what', 'risk', '--format', 'csv', '--top', '0', ...o], '--top must be an integer ≥ 1 (got "0").'],
      [
        ['--model', '1', '--what', 'risk', '--format', 'csv', ...o],
        'Model 1 was trained on measurements, not 0/1 failures: a risk list needs a failure matrix (binary dataset).',
      ],
      [['--model', '999', '--what', 'completed', '--format', 'csv', ...o], 'No model with id 999'],
      [['--pilot', '999', '--format', 'html', ...o], 'No pilot with id 999'],
      [['--dataset', '999', ...o], 'No dataset with id 999'],
      [['--dataset', '1', '--out', path.join(dir, 'nope', 'x.csv'), '--data-dir', dataDir], `--out: the folder ${path.join(dir, 'nope')} does not exist.`],
      [['--dataset', '1', '--data-dir', dataDir], '--out is required.'],
    ]
    const runs = await Promise.all(cases.map(([a]) => cliInProcess(['export', ...a])))
    for (const [k, run] of runs.entries()) {
      expect(run.code, cases[k]![0].join(' ')).toBe(2)
      expect(run.stderr).toContain(`nnmf-workbench export: ${cases[k]![1]}`)
    }
    // A cancelled pilot has no report.
    const cancelled = pilotsInStore().find((p) => p.status === 'cancelled')!
    const notReady = await cliInProcess(['export', '--pilot', String(cancelled.id), '--format', 'html', ...o])
    expect(notReady.code).toBe(2)
    expect(notReady.stderr).toContain(`Pilot ${cancelled.id} is cancelled: only a complete pilot has a report.`)
    expect(fs.readdirSync(dir)).toEqual([])
  }, 120_000)

  it('PDF: without a browser exit 1 saying what to install; a failing printer leaves the old file and no partial one', async () => {
    const dir = makeTempDir('nnmf-cli-export-pdf-')
    const pilotId = pilotsInStore().find((p) => p.name === 'plant · quick')!.id
    const target = path.join(dir, 'report.pdf')
    const args = ['export', '--pilot', String(pilotId), '--format', 'pdf', '--out', target, '--data-dir', dataDir]
    const missing = await cli([...args, '--json'], { CHROMIUM_PATH: path.join(dir, 'no-chromium') })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain(
      'No Chromium, Chrome or Edge browser was found to print the PDF. Install one (Linux: "apt install chromium"), or set CHROMIUM_PATH to its executable.',
    )
    expect(json(missing).error).toMatchObject({ exitCode: 1, code: 'failure' })
    expect(fs.readdirSync(dir)).toEqual([])

    fs.writeFileSync(target, 'the previous report')
    const failing = await cli(args, { CHROMIUM_PATH: '/bin/false' })
    expect(failing.code).toBe(1)
    expect(failing.stderr).toMatch(/nnmf-workbench export: false failed \(exit 1\)/)
    expect(fs.readdirSync(dir)).toEqual(['report.pdf'])
    expect(fs.readFileSync(target, 'utf8')).toBe('the previous report')
  }, 120_000)
})
