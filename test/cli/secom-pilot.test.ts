import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatNumber } from '../../src-main/contract/format.js'
import { openExportSource } from '../../src-main/core/export/model-source.js'
import { MODEL_KINDS } from '../../src-main/core/models/specs.js'
import { VERDICT_OUTCOMES } from '../../src-main/core/pilot/verdict.js'
import { verdictWords } from '../../src-main/core/pilot/verdict-words.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { getPilot, listPilots } from '../../src-main/core/store/pilots.js'
import { tempDir as makeTempDir, removeTempDirs } from '../core/import/helpers.js'
import { cli, json, SECOM } from './helpers.js'

/**
 * The CLI end to end on SECOM, as a user would run it: import the file, run ONE quick pilot of every
 * model (minutes on 2 cores: the tests below share it), train MF, export CSV, XLSX, the
 * report as HTML and PDF; bad input exits 2 and leaves the store as it was.
 */
let dataDir: string
let work: string
beforeAll(() => {
  dataDir = makeTempDir('nnmf-cli-secom-pilot-store-')
  work = makeTempDir('nnmf-cli-secom-pilot-files-')
})
afterAll(removeTempDirs)

const ids = { dataset: 0, pilot: 0, model: 0 }

function storeState() {
  const db = new Database(path.join(dataDir, 'workbench.sqlite'), { readonly: true })
  try {
    const count = (t: string): number => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number
    return {
      datasets: count('datasets'),
      entries: count('entries'),
      models: count('models'),
      pilots: count('pilots'),
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    }
  } finally {
    db.close()
  }
}

function storedPilot(id: number) {
  const db = openDatabase(dataDir)
  try {
    return { pilot: getPilot(db, id)!, list: listPilots(db) }
  } finally {
    db.close()
  }
}

describe('CLI end to end on SECOM', () => {
  it('imports SECOM and runs a quick pilot of every model, stored as the app stores pilots', async () => {
    const imported = json(await cli(['import', SECOM, '--data-dir', dataDir, '--json', '-q']))
    expect(imported.dataset).toMatchObject({ nRows: 1567, nCols: 590 })
    ids.dataset = imported.dataset.id

    const started = Date.now()
    const run = await cli(['pilot', '--dataset', String(ids.dataset), '--effort', 'quick', '--data-dir', dataDir, '--json'])
    console.log(`SECOM quick pilot through the CLI (mean, bias, MF, NNMF): ${((Date.now() - started) / 1000).toFixed(1)} s`)
    expect(run.code, run.stderr).toBe(0)
    const doc = json(run)
    ids.pilot = doc.pilot.id
    expect(run.stderr).toMatch(
      new RegExp(`^Pilot on dataset \\d+ "secom" \\(1567 × 590, \\d+ observed\\): ${MODEL_KINDS.join(', ')}; quick effort, seed 0; engine: \\S+ · `, 'm'),
    )
    // One line per tenth of the way; NNMF names its candidate when the effort has several λ values.
    expect(run.stderr).toMatch(/^pilot: \d+% split [123]\/3 · nnmf( \(candidate \d+\/\d+\))? · epoch \d+\/\d+ · about \d+ s left$/m)
    const { pilot, list } = storedPilot(ids.pilot)
    const result = pilot.result!
    expect(pilot.status).toBe('complete')
    expect(list.map((p) => p.id)).toEqual([ids.pilot])
    const c = result.comparison!
    expect(VERDICT_OUTCOMES).toContain(c.verdict)
    expect(doc).toMatchObject({
      ok: true,
      command: 'pilot',
      pilot: { id: ids.pilot, name: 'secom · quick', status: 'complete', verdict: c.verdict, engine: pilot.engine },
      verdict: c.verdict,
      primaryMetric: 'nrmse',
      comparison: {
        pValue: c.pValue,
        relativeDifference: c.relativeDifference,
        meanDifference: c.difference.mean,
        interval: { low: c.difference.low, high: c.difference.high },
        relativeInterval: c.relativeInterval,
        negligibleBand: c.negligibleBand,
        reasons: c.reasons,
        nextStep: c.nextStep,
      },
      engine: { name: result.engine!.name },
    })
    // The words are verdict-words.ts', the same the app and the report print.
    const words = verdictWords(result, 'en')!
    expect(doc).toMatchObject({ headline: words.headline, sentence: words.sentence, advice: words.advice })
    expect(doc.sentence).toContain('normalised RMSE')
    expect(`${doc.sentence} ${doc.advice}`).not.toMatch(/is enough/)

    // The JSON's facts agree with each other: the interval against the band gives the first reason
    // and the compatible `reason`, and a fit still improving or failed never lets its model lose.
    const { interval, negligibleBand: band, reasons } = doc.comparison
    const position =
      interval.high < -band
        ? 'interval-below-band'
        : interval.low > band
          ? 'interval-above-band'
          : interval.low >= -band && interval.high <= band
            ? 'interval-inside-band'
            : 'interval-crosses-band'
    expect(reasons[0]).toEqual({ code: position })
    expect(doc.comparison.reason).toBe(
      { 'nnmf-better': 'significant', 'mf-better': 'significant', equivalent: 'negligible', inconclusive: 'not-significant' }[c.verdict],
    )
    const nnmfStillImproving = result.runs.filter((r) => r.model === 'nnmf' && r.hitEpochLimit).length
    const fitReasons = reasons.slice(1) as { code: string; model: string; repeats: number; of: number }[]
    if (nnmfStillImproving > 0) {
      expect(['mf-better', 'equivalent']).not.toContain(doc.verdict)
      if (doc.verdict === 'inconclusive') expect(fitReasons).toContainEqual({ code: 'still-improving', model: 'nnmf', repeats: nnmfStillImproving, of: 3 })
      else expect(doc.comparison.caveats).toContain('nnmf-hit-epoch-limit')
    }
    if (fitReasons.length > 0) expect(doc.verdict).toBe('inconclusive')
    if (doc.verdict === 'inconclusive') expect(doc.comparison.nextStep).toMatchObject({ longerEffort: { effort: 'standard', seconds: expect.any(Number) } })
    if (position !== 'interval-crosses-band' && fitReasons.length === 0) expect(doc.verdict).not.toBe('inconclusive')
    expect(doc.summary.map((s: { model: string }) => s.model)).toEqual([...MODEL_KINDS])
    for (const [k, s] of result.summary.entries()) {
      expect(doc.summary[k].metrics.nrmse).toEqual({ mean: s.metrics.nrmse!.mean, low: s.metrics.nrmse!.low, high: s.metrics.nrmse!.high, n: 3 })
    }
    console.log(`SECOM verdict: ${doc.verdict}; ${doc.sentence} ${words.reasons.join(' ')} ${doc.advice}`)
  }, 900_000)

  it("exports a trained model's completed matrix as CSV and XLSX: the stored data and the model's predictions", async () => {
    expect(ids.pilot).toBeGreaterThan(0)
    ids.model = json(await cli(['train', '--dataset', String(ids.dataset), '--model', 'mf', '--data-dir', dataDir, '--json', '-q'])).model.id
    const csvPath = path.join(work, 'secom completed.csv')
    const xlsxPath = path.join(work, 'secom completed.xlsx')
    const base = ['export', '--model', String(ids.model), '--what', 'completed', '--data-dir', dataDir, '--json']
    const [csv, xlsx] = await Promise.all([
      cli([...base, '--format', 'csv', '--out', csvPath]),
      cli([...base, '--format', 'xlsx', '--layout', 'wide', '--out', xlsxPath, '--language', 'ja']),
    ])
    expect(json(csv)).toMatchObject({ ok: true, path: csvPath, bytes: fs.statSync(csvPath).size, kind: 'completed-matrix', format: 'csv' })
    expect(json(xlsx)).toMatchObject({ ok: true, path: xlsxPath, bytes: fs.statSync(xlsxPath).size, format: 'xlsx' })

    // The stored model's own predictions, cell by cell, against the CSV.
    const db = openDatabase(dataDir)
    const source = await openExportSource(db, [ids.model])
    const { matrix, rowLabels, colLabels } = source.dataset
    const rows = new Int32Array(matrix.nRows * matrix.nCols).map((_, i) => Math.floor(i / matrix.nCols))
    const cols = new Int32Array(matrix.nRows * matrix.nCols).map((_, i) => i % matrix.nCols)
    const predicted = await source.models[0]!.predictor.predict(rows, cols)
    source.dispose()
    db.close()
    const observed = new Map<number, number>()
    for (let i = 0; i < matrix.values.length; i++) observed.set(matrix.rows[i]! * matrix.nCols + matrix.cols[i]!, matrix.values[i]!)

    const lines = fs
      .readFileSync(csvPath, 'utf8')
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines.length - 1).toBe(1567 * 590)
    for (let i = 1; i < lines.length; i++) {
      const [row, column, value, kind] = lines[i]!.split(',')
      const k = i - 1
      // One expect per mismatch only: 924k passing expects would cost minutes of bookkeeping.
      if (row !== rowLabels[Math.floor(k / 590)] || column !== colLabels[k % 590]) {
        expect(`${row},${column}`).toBe(`${rowLabels[Math.floor(k / 590)]},${colLabels[k % 590]}`)
      }
      const expected = observed.get(k) ?? predicted[k]!
      if (Number(value) !== expected) expect(`${lines[i]}`).toBe(`value ${expected}`)
      if ((kind === 'observed') !== observed.has(k)) expect(lines[i]).toBe(`observed: ${observed.has(k)}`)
    }

    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(xlsxPath)
    const sheet = book.worksheets[0]!
    expect(sheet.getRow(1).getCell(2).value).toBe(colLabels[0])
    for (const r of [0, 700, 1566]) {
      expect(sheet.getRow(r + 2).getCell(1).value).toBe(rowLabels[r])
      for (let c = 0; c < 590; c++) expect(sheet.getRow(r + 2).getCell(c + 2).value).toBe(observed.get(r * 590 + c) ?? predicted[r * 590 + c])
    }
  }, 300_000)

  it('exports the pilot report as HTML and PDF holding the verdict and the stored metrics', async () => {
    expect(ids.pilot).toBeGreaterThan(0)
    const htmlPath = path.join(work, 'report.html')
    const pdfPath = path.join(work, 'report.pdf')
    const base = ['export', '--pilot', String(ids.pilot), '--data-dir', dataDir, '--json']
    const html = await cli([...base, '--format', 'html', '--out', htmlPath])
    expect(html.code, html.stderr).toBe(0)
    const pdf = await cli([...base, '--format', 'pdf', '--out', pdfPath])
    expect(pdf.code, pdf.stderr).toBe(0)
    expect(json(pdf)).toMatchObject({ ok: true, path: pdfPath, bytes: fs.statSync(pdfPath).size, kind: 'pilot-report', format: 'pdf' })

    const result = storedPilot(ids.pilot).pilot.result!
    const headline = verdictWords(result, 'en')!.headline
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })
    const page = fs.readFileSync(htmlPath, 'utf8')
    for (const body of [page, text]) {
      expect(body).toContain(headline)
      for (const s of result.summary) expect(body).toContain(formatNumber(s.metrics.nrmse!.mean))
    }
    execFileSync('pdftoppm', ['-r', '40', '-png', pdfPath, path.join(work, 'page')])
    const pages = fs.readdirSync(work).filter((f) => /^page-\d+\.png$/.test(f))
    expect(pages.length).toBeGreaterThanOrEqual(2)
    for (const p of pages) expect(fs.statSync(path.join(work, p)).size).toBeGreaterThan(1000)
  }, 300_000)

  it('bad input exits 2 with a precise message and leaves the store and the folder as they were', async () => {
    expect(ids.pilot).toBeGreaterThan(0)
    const before = storeState()
    const files = fs.readdirSync(work).sort()
    const pilot = await cli(['pilot', '--dataset', String(ids.dataset), '--holdout', '0.9', '--data-dir', dataDir, '--json'])
    expect(pilot.code).toBe(2)
    expect(pilot.stderr).toContain('nnmf-workbench pilot: --holdout: Too big: expected number to be <=0.5 (got "0.9").')
    const risk = await cli([
      'export',
      '--model',
      String(ids.model),
      '--what',
      'risk',
      '--format',
      'xlsx',
      '--out',
      path.join(work, 'risk.xlsx'),
      '--data-dir',
      dataDir,
    ])
    expect(risk.code).toBe(2)
    expect(risk.stderr).toContain(`nnmf-workbench export: Model ${ids.model} was trained on measurements, not 0/1 failures`)
    expect(storeState()).toEqual(before)
    expect(before.integrity).toBe('ok')
    expect(fs.readdirSync(work).sort()).toEqual(files)
  }, 120_000)
})
