import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { importFile } from '../../src-main/core/import/index.js'
import { createRng } from '../../src-main/core/random.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { TRAIN_SEARCH } from '../../src-main/core/training/hyperparameters.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'

const web = useWebAppSession('models')
const work = web.work

/** A seeded rank-2 machines × sensors table: 120 machines to train on, 20 new ones to predict. */
function plantedTables(): { train: string; newRows: string; hidden: Map<string, number> } {
  const rng = createRng(11)
  const nCols = 30
  const v = Array.from({ length: nCols * 2 }, () => rng.normal())
  const header = ['machine', ...Array.from({ length: nCols }, (_, c) => `s${c}`)].join(',')
  const trainLines = [header]
  const newLines = [header]
  const hidden = new Map<string, number>()
  for (let r = 0; r < 140; r++) {
    const u = [rng.normal(), rng.normal()]
    const rowBias = 3 * rng.normal()
    const cells: string[] = []
    for (let c = 0; c < nCols; c++) {
      const value = rowBias + u[0]! * v[2 * c]! + u[1]! * v[2 * c + 1]! + 0.05 * rng.normal()
      const isNew = r >= 120
      if (isNew && c % 2 === 1) {
        hidden.set(`m${r}|s${c}`, value)
        cells.push('')
      } else cells.push(value.toFixed(5))
    }
    ;(r >= 120 ? newLines : trainLines).push([`m${r}`, ...cells].join(','))
  }
  return { train: trainLines.join('\n') + '\n', newRows: newLines.join('\n') + '\n', hidden }
}

function rmseOf(csvFile: string, hidden: Map<string, number>): number {
  const rows = parse(fs.readFileSync(csvFile, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<{
    row: string
    column: string
    value: string
    observed: string
  }>
  let sse = 0
  let n = 0
  for (const record of rows) {
    const truth = hidden.get(`${record.row}|${record.column}`)
    if (truth === undefined) continue
    expect(record.observed).toBe('0')
    sse += (Number(record.value) - truth) ** 2
    n++
  }
  expect(n).toBe(hidden.size)
  return Math.sqrt(sse / n)
}

describe('model reuse in the UI', () => {
  it('trains MF and the bias baseline, folds in new machines from a file, and MF beats the bias baseline', async () => {
    const { train, newRows, hidden } = plantedTables()
    const trainFile = path.join(work, 'machines.csv')
    const newFile = path.join(work, 'new-machines.csv')
    fs.writeFileSync(trainFile, train)
    fs.writeFileSync(newFile, newRows)
    const { page } = web.session
    await page.goto(web.app.url)
    await page.getByTestId('empty-import').click()
    await page.getByTestId('import-file').setInputFiles(trainFile)
    await expect.poll(() => page.getByTestId('import-preview').isVisible(), { timeout: 30_000 }).toBe(true)
    await page.getByTestId('import-run').click()
    await expect.poll(() => page.getByTestId('import-done').isVisible(), { timeout: 60_000 }).toBe(true)

    await page.getByTestId('nav-models').click()
    for (const kind of ['mf', 'bias']) {
      await page.getByTestId('train-kind').selectOption(kind)
      await page.getByTestId('train-start').click()
      await expect.poll(() => page.getByTestId('model-row').count(), { timeout: 180_000 }).toBe(kind === 'mf' ? 1 : 2)
      await expect.poll(() => page.getByTestId('model-row').first().textContent(), { timeout: 180_000 }).toContain('Ready')
    }
    await screenshot(page, 'models-en')
    // Each row says which setting was chosen on validation, and among how many.
    const settingsOf = (kind: string) =>
      page
        .getByTestId('model-row')
        .filter({ hasText: `${kind} · machines` })
        .getByTestId('model-settings')
        .textContent()
    const mfGrid = TRAIN_SEARCH.mf
    expect(await settingsOf('MF')).toMatch(
      new RegExp(
        `^\\s*d (${mfGrid.dGrid.join('|')}) · λ (${mfGrid.lambdaGrid.join('|')}) \\(best of ${mfGrid.dGrid.length * mfGrid.lambdaGrid.length}\\)\\s*$`,
      ),
    )
    expect(await settingsOf('BIAS')).toMatch(/^\s*λ (1|10|100) \(best of 3\)\s*$/)
    // In Japanese the count sits in full-width brackets, with no space before them.
    await page.getByTestId('language-ja').click()
    await expect.poll(() => settingsOf('BIAS')).toMatch(/^\s*λ (1|10|100)（3 通りから選択）\s*$/)
    await page.getByTestId('language-en').click()

    const rmse: Record<string, number> = {}
    for (const kind of ['bias', 'mf'] as const) {
      const downloadEvent = page.waitForEvent('download', { timeout: 180_000 })
      const row = page.getByTestId('model-row').filter({ hasText: `${kind.toUpperCase()} · machines` })
      await row.getByTestId('predict-file').setInputFiles(newFile)
      const download = await downloadEvent
      const saved = path.join(work, `${kind}-predictions.csv`)
      await download.saveAs(saved)
      rmse[kind] = rmseOf(saved, hidden)
    }
    await expect.poll(() => page.getByTestId('predict-note').textContent()).toContain('Predicted 300 cells')
    // The planted rows differ by more than their bias: MF's latents must carry that to new machines.
    expect(rmse.mf!).toBeLessThan(0.9 * rmse.bias!)

    const exportEvent = page.waitForEvent('download', { timeout: 120_000 })
    await page.getByTestId('model-row').filter({ hasText: 'MF · machines' }).getByTestId('export-completed-xlsx').click()
    const exported = await exportEvent
    expect(exported.suggestedFilename()).toMatch(/completed\.xlsx$/)
    expect(web.session.foreignRequests).toEqual([])
  }, 600_000)

  it('shows which setting and epoch NNMF training is at, with its errors and time left, cancels it, and deletes the cancelled run', async () => {
    // SECOM goes into the running app's store directly: an NNMF epoch on it takes long enough to watch.
    const db = openDatabase(web.app.dataDir)
    const imported = await importFile(db, path.resolve('resources/sample-data/secom.csv'), { name: 'SECOM' })
    db.close()
    if (!imported.ok) throw new Error('SECOM did not import')
    const { page } = web.session
    await page.goto(web.app.url)
    await page.getByTestId('nav-models').click()
    await page.getByTestId('train-dataset').selectOption({ label: 'SECOM' })
    await page.getByTestId('train-kind').selectOption('nnmf')
    await page.getByTestId('train-start').click()
    const status = page.getByTestId('training-status')
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/epoch 1 of at most \d+/)
    const text = (await status.textContent())!
    expect(text).toMatch(/^\s*Setting 1 of 2 \(λ 1\)/)
    expect(text).toMatch(/training error \d\.\d+ · on held-out cells \d\.\d+ · at most about \d+ s left/)
    await screenshot(page, 'models-training-en')
    await page.getByTestId('job-cancel').click()
    const row = page.getByTestId('model-row').filter({ hasText: 'NNMF · SECOM' })
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('Cancelled')
    await expect.poll(() => status.count()).toBe(0)

    // A cancelled run can be deleted; the others stay.
    await row.getByTestId('model-delete').click()
    await page.getByTestId('confirm-yes').click()
    await expect.poll(() => row.count()).toBe(0)
    expect(await page.getByTestId('model-row').count()).toBe(2)
  }, 300_000)
})
