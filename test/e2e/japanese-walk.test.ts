import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { importFile } from '../../src-main/core/import/index.js'
import { chooseNnmfEngine } from '../../src-main/core/models/nnmf/choose-engine.js'
import { defaultPilotConfig } from '../../src-main/core/pilot/config.js'
import type { PilotResult } from '../../src-main/core/pilot/result.js'
import { pilotEngineOf, runPilot } from '../../src-main/core/pilot/runner.js'
import { loadPilotInput } from '../../src-main/core/runs/pilot-run.js'
import { createRng } from '../../src-main/core/random.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { createPilot, finishPilot } from '../../src-main/core/store/pilots.js'
import { englishLeft, screenWords, textLines } from './helpers/english-left.js'
import { GLOSSARY, HELP_TERMS } from '../../src-main/core/glossary.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'

const web = useWebAppSession('japanese-walk', { locale: 'ja-JP' })
const SHOTS = process.env.NNMF_SHOTS_DIR

/** A seeded 300 machines × 12 sensors table, 85 % observed, one sensor constant: enough for a quick pilot in seconds. */
function sensorTable(): string {
  const rng = createRng(21)
  const nCols = 12
  const v = Array.from({ length: nCols * 2 }, () => rng.normal())
  const lines = [['機械', ...Array.from({ length: nCols }, (_, c) => `センサー${c + 1}`)].join(',')]
  for (let r = 0; r < 300; r++) {
    const u = [rng.normal(), rng.normal()]
    const cells = Array.from({ length: nCols }, (_, c) => {
      if (c === nCols - 1) return '0.03'
      const value = 20 + u[0]! * v[2 * c]! + u[1]! * v[2 * c + 1]! + 0.1 * rng.normal()
      return rng.next() < 0.85 ? value.toFixed(3) : ''
    })
    lines.push([`号機${r + 1}`, ...cells].join(','))
  }
  return lines.join('\n') + '\n'
}

/** Imports the table and stores a real quick pilot of it, plus a copy whose advice is to train plain MF. */
async function seedStore(file: string): Promise<{ datasetId: number; pilotIds: number[] }> {
  const db = openDatabase(web.app.dataDir)
  try {
    const imported = await importFile(db, file, { name: '成形ライン' })
    if (!imported.ok) throw new Error('the table did not import')
    const datasetId = imported.datasetId
    const { summary, input } = loadPilotInput(db, datasetId)
    const config = { ...defaultPilotConfig(datasetId), name: '成形ライン · お試し' }
    const engine = await chooseNnmfEngine(config.engine)
    const result = await runPilot(input, config, { engine: pilotEngineOf(engine) })
    const real = createPilot(db, { config: result.config, dataHash: summary.dataHash, name: config.name })
    finishPilot(db, real, result)
    const trainMf: PilotResult = {
      ...result,
      best: { ...result.best, model: 'mf', isBaseline: false, clearlyBetter: false },
      comparison: result.comparison && { ...result.comparison, verdict: 'equivalent', reasons: [{ code: 'interval-inside-band' }], nextStep: null },
    }
    const copy = createPilot(db, { config: result.config, dataHash: summary.dataHash, name: '成形ライン · 学習用' })
    finishPilot(db, copy, trainMf)
    return { datasetId, pilotIds: [real, copy] }
  } finally {
    db.close()
  }
}

/** The test's own data in Latin letters (a cell that is not a number). */
const DATA_WORDS = ['abc']
/** English words left, by screen; the test fails once at the end listing every screen's. */
const found: Record<string, string[]> = {}

/** A full-page screenshot: into NNMF_SHOTS_DIR when set (to look at), else the e2e artefacts. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300) // let charts and lazy parts settle first
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
  else await screenshot(page, `walk-${name}`)
}

/** Records the English words left on the screen, and keeps a screenshot of it. */
async function expectJapanese(page: Page, name: string): Promise<void> {
  await shot(page, `${name}-ja`)
  const english = englishLeft(await screenWords(page), DATA_WORDS)
  if (english.length > 0) found[name] = [...new Set(english)]
}

/** The engine badge's tooltip: one worded line per backend tried, never a raw error (issue 14 item 10). */
function expectWordedAttempts(title: string | null, worded: RegExp): void {
  expect(title).not.toMatch(/Cannot find|imported from|ERR_|\//)
  for (const line of title!.split('\n')) expect(line).toMatch(worded)
}

/** Metric words, the verdict and the interval explain themselves in tooltips, and the help panel lists them all. */
async function expectHelp(page: Page, language: 'ja' | 'en'): Promise<void> {
  const words = GLOSSARY[language].explain
  await expect.poll(() => page.getByTestId('metrics-table').locator('th .help-term').first().getAttribute('title')).toBe(words.rmse.text)
  expect(await page.getByTestId('verdict-headline').locator('.help-term').getAttribute('title')).toBe(words.equivalent.text)
  expect(await page.getByTestId('help-term-interval').getAttribute('title')).toBe(words.interval.text)
  expect(await page.getByTestId('help-term-band').getAttribute('title')).toBe(words.band.text)
  await page.getByTestId('help-panel').locator('summary').click()
  for (const term of HELP_TERMS) {
    expect(await page.getByTestId(`help-${term}`).innerText()).toBe(`${words[term].term}\n${words[term].text}`)
  }
}

describe('every route and dialog in Japanese', () => {
  it('leaves no English word on the screen (product names, file names and the data aside)', async () => {
    const file = path.join(web.work, '成形ライン.csv')
    fs.writeFileSync(file, sensorTable())
    const { datasetId, pilotIds } = await seedStore(file)
    const { page } = web.session
    const go = (hash: string) => page.goto(`${web.app.url.replace(/#.*$/, '')}#${hash}`)

    await go('/')
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(1)
    await expect.poll(() => page.getByTestId('backend-badge').getAttribute('title'), { timeout: 30_000 }).toBeTruthy()
    expectWordedAttempts(await page.getByTestId('backend-badge').getAttribute('title'), /: (使用できます|インストールされていません|起動できませんでした)$/)
    await expectJapanese(page, 'home')

    await go('/import')
    await expectJapanese(page, 'import-empty')
    const bad = path.join(web.work, '読めない値.csv')
    fs.writeFileSync(bad, '機械,温度,圧力\n号機1,12.5,3\n号機2,abc,4\n号機3,13,5\n')
    await page.getByTestId('import-file').setInputFiles(bad)
    await expect.poll(() => page.getByTestId('import-preview').isVisible(), { timeout: 30_000 }).toBe(true)
    await expectJapanese(page, 'import-preview')
    await page.getByTestId('import-run').click()
    await expect.poll(() => page.getByTestId('import-as-missing').isVisible(), { timeout: 60_000 }).toBe(true)
    await expectJapanese(page, 'import-bad-cells')
    // The same file again: the warning and its "new version" button.
    await go('/')
    await go('/import')
    await page.getByTestId('import-file').setInputFiles(file)
    await expect.poll(() => page.getByTestId('same-file-warning').isVisible(), { timeout: 30_000 }).toBe(true)
    await expectJapanese(page, 'import-same-file')

    await go(`/datasets/${datasetId}`)
    await expect.poll(() => page.getByTestId('dataset-summary').isVisible(), { timeout: 30_000 }).toBe(true)
    await expect.poll(() => page.getByTestId('distribution-stats').isVisible(), { timeout: 30_000 }).toBe(true)
    await expectJapanese(page, 'dataset')
    await page.getByTestId('rename-start').click()
    await expectJapanese(page, 'dataset-rename')
    await page.keyboard.press('Escape')
    await page.getByTestId('delete-dataset').click()
    await expectJapanese(page, 'dataset-delete')
    await page.getByRole('button', { name: '削除しない' }).click()
    // The dataset page starts a pilot on itself (issue 14 item 10): the wizard opens at its data check.
    await page.getByTestId('start-pilot').click()
    await expect.poll(() => page.getByTestId('pilot-wizard').getAttribute('data-step'), { timeout: 30_000 }).toBe('check')

    await go('/pilots')
    await expect.poll(() => page.getByTestId('pilot-row').count()).toBe(2)
    await expectJapanese(page, 'pilots')
    await page.getByTestId('pilot-row').locator('input[type=checkbox]').nth(0).check()
    await page.getByTestId('pilot-row').locator('input[type=checkbox]').nth(1).check()
    await page.getByTestId('compare-pilots').click()
    await expect.poll(() => page.url()).toContain('compare')
    await page.waitForTimeout(1000)
    // Model names stay on one line in the compare view's narrow tables (issue 14 item 7).
    expect(await textLines(page, '[data-testid=pilot-compare] td.name')).toBe(1)
    await expectJapanese(page, 'compare')

    for (const [i, id] of pilotIds.entries()) {
      await go(`/pilots/${id}`)
      await expect.poll(() => page.getByTestId('verdict-headline').isVisible(), { timeout: 30_000 }).toBe(true)
      await expectJapanese(page, `pilot-${i + 1}`)
    }
    // No space between a Japanese particle and a Japanese model name: 「NNMF と通常の MF の差」.
    expect(await page.getByTestId('difference-panel').locator('h2').innerText()).toBe('NNMF と通常の MF の差（95% 区間つき）')
    // One name for plain MF on the page: 通常の MF, not a bare "MF".
    expect(await page.locator('h2', { hasText: '列ごと' }).innerText()).toBe('列ごと: NNMF と通常の MF の差が大きい列')
    await expectHelp(page, 'ja')
    await expectJapanese(page, 'pilot-help')
    // A report handed over: the note names the file, in Japanese, with a Japanese file name.
    await page.getByTestId('report-html').click()
    await expect.poll(() => page.getByTestId('download-note').textContent(), { timeout: 60_000 }).toMatch(/レポート\.html」をダウンロードしました/)
    await expectJapanese(page, 'pilot-download')
    // Training from the results page shows its progress there (issue 14 item 6), then opens the Models page.
    await expect.poll(() => page.getByTestId('main-action').getAttribute('data-action')).toBe('train')
    await page.getByTestId('main-action').click()
    await expect.poll(() => page.getByTestId('job-progress').isVisible(), { interval: 50 }).toBe(true)
    await expectJapanese(page, 'pilot-training')
    await expect.poll(() => page.url(), { timeout: 120_000 }).toContain('/models')
    await expect.poll(() => page.getByTestId('model-row').count(), { timeout: 30_000 }).toBe(1)
    expect(await page.getByTestId('model-row').locator('td').first().textContent()).toBe('通常の MF · 成形ライン')

    await go('/pilot/new')
    const wizard = page.getByTestId('pilot-wizard')
    await expectJapanese(page, 'wizard-dataset')
    await page.getByTestId('wizard-dataset').first().click()
    await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('check')
    await expectJapanese(page, 'wizard-check')
    await page.getByTestId('wizard-next').click()
    await expectJapanese(page, 'wizard-goal')
    await page.getByTestId('wizard-next').click()
    await expect.poll(() => page.getByTestId('estimate-quick').textContent(), { timeout: 60_000 }).toMatch(/約/)
    await page.locator('details summary').click()
    await expectJapanese(page, 'wizard-effort')
    // The running pilot's page, then its cancellation.
    await page.getByTestId('pilot-start').click()
    await expect.poll(() => page.getByTestId('pilot-running').isVisible(), { timeout: 30_000, interval: 50 }).toBe(true)
    await expectJapanese(page, 'pilot-running')
    await page.getByTestId('pilot-cancel').click()
    await expect.poll(() => page.getByTestId('pilot-status').textContent(), { timeout: 60_000 }).toMatch(/中止|完了/)
    await expectJapanese(page, 'pilot-cancelled')

    await go('/models')
    await page.getByTestId('train-kind').selectOption('mean')
    await page.getByTestId('train-start').click()
    await expect.poll(() => page.getByTestId('model-row').count(), { timeout: 60_000 }).toBe(2)
    // The Models page names what it trains as the pilot page does: the glossary's model name, then the dataset.
    await expect.poll(() => page.getByTestId('model-row').locator('td.name').allTextContents()).toEqual(['全体平均 · 成形ライン', '通常の MF · 成形ライン'])
    // 「使用可」 on one line, not one character per line (issue 14 item 7).
    expect(await textLines(page, '[data-testid=model-status]')).toBe(1)
    await expectJapanese(page, 'models')
    await page.getByTestId('model-delete').first().click()
    await expectJapanese(page, 'models-delete')
    expect(found).toEqual({})
  })

  it("shows the same fixes in English: worded engine attempts, help, the dataset page's pilot button, model names", async () => {
    const { page } = web.session
    await page.goto(`${web.app.url.replace(/#.*$/, '')}#/`)
    await page.getByTestId('language-en').click()
    await expect.poll(() => page.getByTestId('backend-badge').getAttribute('title'), { timeout: 30_000 }).toMatch(/:/)
    expectWordedAttempts(await page.getByTestId('backend-badge').getAttribute('title'), /: (available|not installed|could not start)$/)
    expect(await page.getByTestId('backend-badge').innerText()).not.toMatch(/高速/)
    await page.goto(`${web.app.url.replace(/#.*$/, '')}#/datasets/1`)
    await expect.poll(() => page.getByTestId('start-pilot').innerText(), { timeout: 30_000 }).toBe('Start a pilot on this dataset')
    await page.goto(`${web.app.url.replace(/#.*$/, '')}#/pilots`)
    await page.getByTestId('pilot-link').filter({ hasText: '学習用' }).click()
    await expect.poll(() => page.getByTestId('verdict-headline').isVisible(), { timeout: 30_000 }).toBe(true)
    await expectHelp(page, 'en')
    // Training times in English units, worded by the same glossary as the Japanese ones.
    expect(await page.getByTestId('metrics-table').locator('td.nowrap').first().innerText()).toMatch(/^\d+(\.\d+)? s$/)
    await shot(page, 'pilot-help-en')
    await page.getByTestId('main-action').click()
    await expect.poll(() => page.getByTestId('job-progress').isVisible(), { interval: 50 }).toBe(true)
    await shot(page, 'pilot-training-en')
    await expect.poll(() => page.url(), { timeout: 120_000 }).toContain('/models')
    await expect.poll(() => page.getByTestId('model-row').locator('td.name').allTextContents(), { timeout: 30_000 }).toContain('Plain MF · 成形ライン')
    expect(await textLines(page, '[data-testid=model-status]')).toBe(1)
    await shot(page, 'models-en')
  })
})
