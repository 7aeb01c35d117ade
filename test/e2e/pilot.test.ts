import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPilot } from '../../src-main/core/pilot/runner.js'
import type { PilotResult } from '../../src-main/core/pilot/result.js'
import { chooseNnmfEngine } from '../../src-main/core/models/nnmf/choose-engine.js'
import { loadMatrix } from '../../src-main/core/store/datasets.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { getPilot, listPilots } from '../../src-main/core/store/pilots.js'
import { formatNumber } from '../../src-main/contract/format.js'
import { openBrowser, screenshot, startWebApp, type BrowserSession, type WebApp } from './helpers/web-app.js'

let app: WebApp
let session: BrowserSession
beforeAll(async () => {
  app = await startWebApp()
  session = await openBrowser(app, { locale: 'en-US' })
})
afterAll(async () => {
  await session?.close()
  await app?.stop()
  if (app) fs.rmSync(app.dataDir, { recursive: true, force: true })
})

function storedPilots() {
  const db = openDatabase(app.dataDir)
  try {
    return listPilots(db).map((p) => ({ ...p, result: getPilot(db, p.id)!.result }))
  } finally {
    db.close()
  }
}

/** What the core computes for the same dataset, config and seed, outside the app. */
async function coreResult(datasetId: number, config: PilotResult['config']): Promise<PilotResult> {
  const db = openDatabase(app.dataDir)
  try {
    const { summary, matrix, colLabels } = loadMatrix(db, datasetId)
    const engine = await chooseNnmfEngine(config.engine)
    return await runPilot(
      { matrix, colLabels, dataset: { id: summary.id, name: summary.name, dataHash: summary.dataHash, valueKind: summary.valueKind, layout: summary.layout, hasTime: summary.hasTime } },
      config,
      { engine: { name: engine.name, label: engine.label, backend: engine.tfjsBackend, factory: engine.factory } },
    )
  } finally {
    db.close()
  }
}

describe('pilot wizard', () => {
  it('imports the sample, runs a quick pilot through the wizard and shows the core’s numbers', async () => {
    const { page } = session
    await page.goto(app.url)
    await page.getByTestId('try-sample').click()
    await expect.poll(() => page.getByTestId('dataset-row').count(), { timeout: 120_000 }).toBe(1)

    await page.getByTestId('nav-pilots').click()
    await page.getByTestId('new-pilot').click()
    const wizard = page.getByTestId('pilot-wizard')
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('dataset')
    await screenshot(page, 'wizard-1-dataset-en')
    await page.getByTestId('wizard-dataset').first().click()
    await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('check')
    expect(await page.getByTestId('check-observed').textContent()).toBe('882,579')
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

    await expect.poll(() => page.getByTestId('pilot-running').isVisible(), { timeout: 30_000 }).toBe(true)
    await expect.poll(() => page.getByTestId('run-percent').textContent(), { timeout: 120_000 }).toMatch(/^[1-9]\d*%/)
    await screenshot(page, 'wizard-5-run-en')
    // The rest of the app stays usable while the pilot runs.
    await page.getByRole('link', { name: 'Home' }).click()
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(1)
    await page.goBack()

    await expect.poll(() => page.getByTestId('verdict-sentence').isVisible(), { timeout: 1_200_000, interval: 2000 }).toBe(true)
    await screenshot(page, 'wizard-6-results-en')

    const [stored] = storedPilots()
    expect(stored!.status).toBe('complete')
    const result = stored!.result!
    const expected = await coreResult(result.dataset.id, result.config)
    for (const summary of expected.summary) {
      const cell = page.getByTestId(`metric-${summary.model}-rmse`)
      expect(await cell.textContent()).toContain(formatNumber(summary.metrics.rmse!.mean))
    }
    expect(expected.comparison?.verdict).toBe(result.comparison?.verdict)
    expect(expected.summary).toEqual(result.summary)

    // The same run's results, in Japanese.
    await page.getByTestId('language-ja').click()
    await expect.poll(() => page.getByTestId('verdict-sentence').textContent()).toMatch(/MF|NNMF/)
    expect(await page.locator('h2').first().textContent()).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/)
    await screenshot(page, 'wizard-6-results-ja')
    expect(session.foreignRequests).toEqual([])
  }, 1_500_000)

  it('walks the wizard in Japanese, and cancelling mid-run leaves the app usable and the pilot cancelled', async () => {
    const { page } = session
    await page.goto(`${app.origin}/#/pilot/new`)
    await page.getByTestId('language-ja').click()
    const wizard = page.getByTestId('pilot-wizard')
    await expect.poll(() => wizard.getAttribute('data-step')).toBe('dataset')
    await screenshot(page, 'wizard-1-dataset-ja')
    await page.getByTestId('wizard-dataset').first().click()
    await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('check')
    expect(await page.getByTestId('suitability').textContent()).toMatch(/適しています|注意点/)
    await screenshot(page, 'wizard-2-check-ja')
    await page.getByTestId('wizard-next').click()
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
    await expect.poll(() => page.getByTestId('dataset-row').count()).toBe(1)
    expect(session.foreignRequests).toEqual([])
  }, 300_000)
})
