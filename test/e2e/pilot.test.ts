import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { pilotEngineOf, runPilot } from '../../src-main/core/pilot/runner.js'
import { loadPilotInput } from '../../src-main/core/runs/pilot-run.js'
import type { PilotResult } from '../../src-main/core/pilot/result.js'
import type { VerdictOutcome, VerdictReason } from '../../src-main/core/pilot/verdict.js'
import { chooseNnmfEngine } from '../../src-main/core/models/nnmf/choose-engine.js'
import { importFile } from '../../src-main/core/import/index.js'
import { createRng } from '../../src-main/core/random.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { createPilot, finishPilot, getPilot, listPilots } from '../../src-main/core/store/pilots.js'
import { formatCount } from '../../src-main/core/format.js'
import { formatNumber } from '../../src-main/contract/format.js'
import { verdictWords } from '../../src-main/contract/verdict.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'
import { chartInk, englishWords, expectMainActionFollowsAdvice, expectVerdictWords, screenshotVerdictArea } from './helpers/verdict.js'

const web = useWebAppSession('pilot')
const work = web.work

function storedPilots() {
  const db = openDatabase(web.app.dataDir)
  try {
    return listPilots(db).map((p) => ({ ...p, result: getPilot(db, p.id)!.result }))
  } finally {
    db.close()
  }
}

/** Imports a file into the running app's store directly (the import page has its own tests). */
async function importIntoStore(file: string, name: string): Promise<void> {
  const db = openDatabase(web.app.dataDir)
  try {
    const imported = await importFile(db, file, { name })
    if (!imported.ok) throw new Error(`${name} did not import`)
  } finally {
    db.close()
  }
}

/**
 * A seeded 300 machines × 30 sensors table, 80 % observed: rank 2 plus an interaction an inner
 * product cannot express. Small, so a quick pilot with the preset's own network takes seconds.
 */
function plantedTable(): { csv: string; observed: number } {
  const rng = createRng(7)
  const nCols = 30
  const v = Array.from({ length: nCols * 2 }, () => rng.normal())
  const lines = [['machine', ...Array.from({ length: nCols }, (_, c) => `s${c}`)].join(',')]
  let observed = 0
  for (let r = 0; r < 300; r++) {
    const u = [rng.normal(), rng.normal()]
    const cells: string[] = []
    for (let c = 0; c < nCols; c++) {
      const value = u[0]! * v[2 * c]! + u[1]! * v[2 * c + 1]! + Math.max(0, u[0]! * v[2 * c + 1]!) + 0.1 * rng.normal()
      const seen = rng.next() < 0.8
      if (seen) observed++
      cells.push(seen ? value.toFixed(4) : '')
    }
    lines.push([`m${r}`, ...cells].join(','))
  }
  return { csv: lines.join('\n') + '\n', observed }
}

/** What the core computes for the same dataset, config and seed, outside the app. */
async function coreResult(datasetId: number, config: PilotResult['config']): Promise<PilotResult> {
  const db = openDatabase(web.app.dataDir)
  try {
    const { input } = loadPilotInput(db, datasetId)
    const engine = await chooseNnmfEngine(config.engine)
    return await runPilot(input, config, { engine: pilotEngineOf(engine) })
  } finally {
    db.close()
  }
}

describe('pilot wizard', () => {
  it('runs a quick pilot through the wizard and shows the core’s numbers and the core’s verdict words, in English and Japanese', async () => {
    const table = plantedTable()
    const file = path.join(work, 'machines.csv')
    fs.writeFileSync(file, table.csv)
    await importIntoStore(file, 'machines')
    const { page } = web.session
    await page.goto(web.app.url)
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(1)

    await page.getByTestId('nav-pilots').click()
    await page.getByTestId('new-pilot').click()
    const wizard = page.getByTestId('pilot-wizard')
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('dataset')
    await screenshot(page, 'wizard-1-dataset-en')
    await page.getByTestId('wizard-dataset').first().click()
    await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('check')
    expect(await page.getByTestId('check-observed').textContent()).toBe(formatCount(table.observed))
    expect(await page.getByTestId('suitability').textContent()).toMatch(/Suitable/)
    await screenshot(page, 'wizard-2-check-en')
    await page.getByTestId('wizard-next').click()
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('goal')
    await screenshot(page, 'wizard-3-goal-en')
    await page.getByTestId('wizard-next').click()
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('effort')
    await expect.poll(() => page.getByTestId('estimate-quick').textContent(), { timeout: 60_000 }).toMatch(/about \d+/)
    await screenshot(page, 'wizard-4-effort-en')
    await page.getByTestId('effort-quick').click()
    await page.getByTestId('pilot-start').click()

    await expect.poll(() => page.getByTestId('pilot-status').textContent(), { timeout: 30_000 }).toMatch(/Running|Complete/)
    // The rest of the app stays usable while the pilot runs.
    await page.getByRole('link', { name: 'Home' }).click()
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(1)
    await page.goBack()

    await expect.poll(() => page.getByTestId('verdict-advice').isVisible(), { timeout: 600_000, interval: 1000 }).toBe(true)
    const [stored] = storedPilots()
    expect(stored!.status).toBe('complete')
    const result = stored!.result!
    expect(result.comparison).not.toBeNull()
    await expectVerdictWords(page, result, 'en')
    await expectMainActionFollowsAdvice(page, result, 'en')
    await expect.poll(() => chartInk(page).then((ink) => ink.band > 500 && ink.drawn > ink.band)).toBe(true)
    await screenshot(page, 'wizard-6-results-en')
    await screenshotVerdictArea(page, 'verdict-area-en')

    const expected = await coreResult(result.dataset.id, result.config)
    for (const summary of expected.summary) {
      const cell = page.getByTestId(`metric-${summary.model}-rmse`)
      expect(await cell.textContent()).toContain(formatNumber(summary.metrics.rmse!.mean))
    }
    expect(expected.comparison?.verdict).toBe(result.comparison?.verdict)
    expect(expected.summary).toEqual(result.summary)

    // The same run's results, in Japanese: the core's Japanese words, and no English in the verdict.
    await page.getByTestId('language-ja').click()
    await expect.poll(() => page.getByTestId('verdict-headline').textContent()).toBe(verdictWords(result, 'ja')!.headline)
    await expectVerdictWords(page, result, 'ja')
    await expectMainActionFollowsAdvice(page, result, 'ja')
    expect(englishWords((await page.getByTestId('verdict').innerText()) + (await page.getByTestId('difference-panel').innerText()))).toEqual([])
    expect(await page.locator('h2').first().textContent()).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/)
    await screenshot(page, 'wizard-6-results-ja')
    await screenshotVerdictArea(page, 'verdict-area-ja')
    expect(web.session.foreignRequests).toEqual([])
  }, 900_000)

  it('walks the wizard in Japanese, and cancelling mid-run leaves the app usable and the pilot cancelled', async () => {
    // SECOM: a quick pilot on it runs long enough to cancel midway.
    await importIntoStore(path.resolve('resources/sample-data/secom.csv'), 'SECOM')
    const { page } = web.session
    await page.goto(`${web.app.origin}/#/pilot/new`)
    await page.getByTestId('language-ja').click()
    const wizard = page.getByTestId('pilot-wizard')
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('dataset')
    await screenshot(page, 'wizard-1-dataset-ja')
    await page.getByTestId('wizard-dataset').filter({ hasText: 'SECOM' }).click()
    await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('check')
    expect(await page.getByTestId('suitability').textContent()).toMatch(/適しています|注意点/)
    await screenshot(page, 'wizard-2-check-ja')
    await page.getByTestId('wizard-next').click()
    // The hold-out slider stands apart from the goals above it instead of touching the last one.
    const gap = await page.evaluate<number>(
      `document.querySelector('.field.holdout').getBoundingClientRect().top - document.querySelector('.choice-list').getBoundingClientRect().bottom`,
    )
    expect(gap).toBeGreaterThanOrEqual(12)
    // Full-width brackets follow the sentence directly; the English words carry their own space.
    expect(await page.getByTestId('goal-latest-period').innerText()).toContain('予測します。（データに時刻の列が必要です）')
    await screenshot(page, 'wizard-3-goal-ja')
    await page.getByTestId('wizard-next').click()
    await expect.poll(() => page.getByTestId('estimate-quick').textContent(), { timeout: 60_000 }).toMatch(/約/)
    await screenshot(page, 'wizard-4-effort-ja')
    await page.getByTestId('pilot-start').click()
    await expect.poll(() => page.getByTestId('run-percent').textContent(), { timeout: 120_000 }).toMatch(/^[1-9]\d*%/)
    await screenshot(page, 'wizard-5-run-ja')
    await page.getByTestId('pilot-cancel').click()
    await expect.poll(() => page.getByTestId('pilot-ended').isVisible(), { timeout: 10_000 }).toBe(true)
    expect(await page.getByTestId('pilot-status').textContent()).toContain('中止')
    const pilots = storedPilots()
    expect(pilots.map((p) => p.status).sort()).toEqual(['cancelled', 'complete'])

    await page.getByTestId('nav-pilots').click()
    await expect.poll(() => page.getByTestId('pilot-row').count()).toBe(2)
    await page.getByRole('link', { name: 'ホーム' }).click()
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(2)
    expect(web.session.foreignRequests).toEqual([])
  }, 300_000)
})

describe('the verdict on the results page', () => {
  type Case = {
    name: string
    verdict: VerdictOutcome
    relative: [number, number, number]
    reasons?: VerdictReason[]
    nextStep?: NonNullable<PilotResult['comparison']>['nextStep']
    best: PilotResult['best']
  }
  const intervalReason: Record<VerdictOutcome, VerdictReason> = {
    'nnmf-better': { code: 'interval-below-band' },
    'mf-better': { code: 'interval-above-band' },
    equivalent: { code: 'interval-inside-band' },
    inconclusive: { code: 'interval-crosses-band' },
  }
  const best = (model: PilotResult['best']['model'], clearlyBetter = false): PilotResult['best'] => ({
    model,
    metric: 'rmse',
    mean: 1,
    isBaseline: model === 'mean' || model === 'bias',
    runnerUp: null,
    clearlyBetter,
  })
  /** One stored result per outcome and advice, made from the wizard's real result with the comparison's facts changed. */
  const CASES: Case[] = [
    { name: 'nnmf-better', verdict: 'nnmf-better', relative: [-0.12, -0.18, -0.06], best: best('nnmf', true) },
    { name: 'mf-better', verdict: 'mf-better', relative: [0.08, 0.03, 0.13], best: best('mf', true) },
    { name: 'equivalent', verdict: 'equivalent', relative: [0.002, -0.006, 0.008], best: best('mf') },
    {
      name: 'inconclusive-longer',
      verdict: 'inconclusive',
      relative: [-0.03, -0.09, 0.02],
      best: best('nnmf'),
      reasons: [{ code: 'interval-crosses-band' }, { code: 'still-improving', model: 'nnmf', repeats: 2, of: 3 }],
      nextStep: { longerEffort: { effort: 'standard', seconds: 320 }, moreData: false },
    },
    {
      name: 'inconclusive-more-data',
      verdict: 'inconclusive',
      relative: [0.01, -0.04, 0.06],
      best: best('mf'),
      nextStep: { longerEffort: null, moreData: true },
    },
    // Issue 14's page: the verdict between the factorisations, but a baseline clearly ahead of both.
    { name: 'baseline-ahead', verdict: 'equivalent', relative: [0.004, -0.005, 0.009], best: best('bias', true) },
  ]

  function craft(base: PilotResult, c: Case): PilotResult {
    const comparison = base.comparison!
    const mfMean = comparison.mf.reduce((s, v) => s + v, 0) / comparison.mf.length
    const [mean, low, high] = c.relative
    return {
      ...base,
      best: c.best,
      comparison: {
        ...comparison,
        verdict: c.verdict,
        relativeDifference: mean,
        relativeInterval: { low, high },
        difference: { ...comparison.difference, mean: mean * mfMean, low: low * mfMean, high: high * mfMean },
        reasons: c.reasons ?? [intervalReason[c.verdict]],
        nextStep: c.nextStep ?? null,
        caveats: [],
      },
    }
  }

  /** A result as version 1 stored it: three verdicts from a t-test, 'no-difference' among them. */
  function legacy(base: PilotResult): unknown {
    const c = base.comparison!
    const mfMean = c.mf.reduce((s, v) => s + v, 0) / c.mf.length
    return {
      ...base,
      version: 1,
      comparison: {
        metric: c.metric,
        nnmf: c.nnmf,
        mf: c.mf,
        relativeDifference: 0.004,
        negligibleBand: 0.01 * mfMean,
        caveats: [],
        verdict: 'no-difference',
        reason: 'not-significant',
        test: {
          n: 3,
          meanDifference: 0.004 * mfMean,
          pValue: 0.6,
          interval: { mean: 0.004 * mfMean, low: -0.03 * mfMean, high: 0.038 * mfMean, sd: 0.01, n: 3 },
        },
      },
    }
  }

  function storeCases(): Map<string, number> {
    const base = storedPilots().find((p) => p.status === 'complete')!.result!
    const db = openDatabase(web.app.dataDir)
    try {
      const ids = new Map<string, number>()
      for (const c of CASES) {
        const id = createPilot(db, { config: base.config, dataHash: base.dataset.dataHash, name: `outcome ${c.name}` })
        finishPilot(db, id, craft(base, c))
        ids.set(c.name, id)
      }
      const id = createPilot(db, { config: base.config, dataHash: base.dataset.dataHash, name: 'outcome legacy' })
      db.prepare("UPDATE pilots SET status = 'complete', result_json = ? WHERE id = ?").run(JSON.stringify(legacy(base)), id)
      ids.set('legacy', id)
      return ids
    } finally {
      db.close()
    }
  }

  it('prints the core’s words for every outcome in both languages, and the main action follows the advice', async () => {
    const ids = storeCases()
    const { page } = web.session
    await page.goto(`${web.app.origin}/#/pilots`)
    await page.getByTestId('language-en').click()
    await expect.poll(() => page.getByTestId('pilot-row').count()).toBe(2 + ids.size)
    const label = (name: string) =>
      page
        .getByTestId('pilot-row')
        .filter({ hasText: `outcome ${name}` })
        .getByTestId('pilot-verdict')
    const labels: Record<VerdictOutcome, string> = {
      'nnmf-better': 'NNMF better',
      'mf-better': 'Plain MF better',
      equivalent: 'No meaningful difference',
      inconclusive: 'Inconclusive',
    }
    for (const c of CASES) expect((await label(c.name).textContent())!.trim()).toBe(labels[c.verdict])
    // A version-1 'no-difference' is decided again when read: never shown as "no difference" on a t-test's word.
    const legacyVerdict = (await label('legacy').getAttribute('data-verdict')) as VerdictOutcome
    expect(['equivalent', 'inconclusive']).toContain(legacyVerdict)
    expect((await label('legacy').textContent())!.trim()).toBe(labels[legacyVerdict])
    await screenshot(page, 'pilots-list-en')

    for (const language of ['en', 'ja'] as const) {
      await page.getByTestId(`language-${language}`).click()
      for (const [name, id] of ids) {
        await page.goto(`${web.app.origin}/#/pilots/${id}`)
        const result = getPilotResult(id)
        await expect.poll(() => page.getByTestId('verdict-headline').textContent()).toBe(verdictWords(result, language)!.headline)
        await expectVerdictWords(page, result, language)
        await expectMainActionFollowsAdvice(page, result, language)
        await expect.poll(() => chartInk(page).then((ink) => ink.band > 500)).toBe(true)
        if (language === 'ja') expect(englishWords(await page.getByTestId('verdict').innerText())).toEqual([])
        if (name === 'legacy')
          expect(await page.getByTestId('verdict-caveats').textContent()).toMatch(language === 'en' ? /earlier version/ : /以前のバージョン/)
        if (name === 'inconclusive-longer' || name === 'baseline-ahead') await screenshotVerdictArea(page, `verdict-${name}-${language}`)
      }
    }

    // The compare page words both verdicts the same way (still in Japanese).
    await page.goto(`${web.app.origin}/#/pilots`)
    for (const name of ['nnmf-better', 'inconclusive-longer'])
      await page
        .getByTestId('pilot-row')
        .filter({ hasText: `outcome ${name}` })
        .locator('input[type=checkbox]')
        .check()
    await page.getByTestId('compare-pilots').click()
    const headlines = page.getByTestId('pilot-compare').getByTestId('verdict-headline')
    await expect.poll(() => headlines.count()).toBe(2)
    const compared = ['nnmf-better', 'inconclusive-longer'].map((name) => verdictWords(getPilotResult(ids.get(name)!), 'ja')!.headline)
    expect((await headlines.allTextContents()).sort()).toEqual(compared.sort())
    await screenshot(page, 'pilot-compare-ja')

    // The inconclusive page's main action starts the longer pilot its next step names.
    await page.goto(`${web.app.origin}/#/pilots/${ids.get('inconclusive-longer')}`)
    await page.getByTestId('main-action').click()
    await expect.poll(() => page.getByTestId('pilot-running').isVisible(), { timeout: 30_000 }).toBe(true)
    const started = storedPilots()[0]!
    expect(started.config.effort).toBe('standard')
    await page.getByTestId('pilot-cancel').click()
    await expect.poll(() => page.getByTestId('pilot-ended').isVisible(), { timeout: 30_000 }).toBe(true)
    expect(web.session.foreignRequests).toEqual([])
  }, 300_000)

  function getPilotResult(id: number): PilotResult {
    const db = openDatabase(web.app.dataDir)
    try {
      return getPilot(db, id)!.result!
    } finally {
      db.close()
    }
  }
})
