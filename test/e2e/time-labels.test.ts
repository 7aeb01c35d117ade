import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/store/open.js'
import { textLines } from './helpers/english-left.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'

/**
 * Issue 14 (an analyst's walk): a wide file whose first column holds timestamps. The import page
 * says the column is read as times (the user can say no), and the pilot wizard then offers
 * "predict the latest period", which stays off for a dataset without times.
 */
const web = useWebAppSession('time-labels')

/** 300 hourly readings of `nSensors` sensors from 2024-01-05 (UTC), row r labelled by `label`; every 7th cell blank. */
function hourlyFile(name: string, keyName: string, label: (d: Date, r: number) => string, offset: number, nSensors = 10): string {
  const start = Date.UTC(2024, 0, 5, 0)
  const sensors = Array.from({ length: nSensors }, (_, c) => `s${c + 1}`)
  const lines = [[keyName, ...sensors].join(',')]
  for (let r = 0; r < 300; r++) {
    const cells = sensors.map((_, c) => ((r * 10 + c) % 7 === 3 ? '' : (offset + 20 + Math.sin(r / 12 + c) * 3 + c).toFixed(3)))
    lines.push([label(new Date(start + r * 3_600_000), r), ...cells].join(','))
  }
  const file = path.join(web.work, name)
  fs.writeFileSync(file, lines.join('\n') + '\n')
  return file
}
const pad = (n: number): string => String(n).padStart(2, '0')
const slashLabel = (d: Date): string => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${d.getUTCHours()}:00`
const isoLabel = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 19)

function hasTime(name: string): boolean {
  const db = openDatabase(web.app.dataDir)
  try {
    return db.prepare('SELECT has_time FROM datasets WHERE name = ?').pluck().get(name) === 1
  } finally {
    db.close()
  }
}

/** The preview's first data cell in the key column: its text and how many lines it takes. */
async function keyCellLines(page: Page): Promise<{ text: string; lines: number }> {
  const selector = '[data-testid="import-preview"] tbody tr:first-child td.key'
  return { text: (await page.locator(selector).innerText()).trim(), lines: await textLines(page, selector) }
}

/** Opens the just imported dataset; returns its import record's key and time columns as shown ("label: value"; no time column: null). */
async function recordedTimeColumn(page: Page): Promise<{ key: string; time: string | null }> {
  await page.getByTestId('open-dataset').click()
  await expect.poll(() => page.getByTestId('import-record').isVisible(), { timeout: 30_000 }).toBe(true)
  const shown = async (testId: string): Promise<string | null> => {
    const value = page.getByTestId(testId)
    if ((await value.count()) === 0) return null
    const label = await value.locator('xpath=preceding-sibling::dt').innerText()
    return `${label}: ${await value.innerText()}`
  }
  return { key: (await shown('record-key-column')) ?? '', time: await shown('record-time-column') }
}

/** Imports the file through the import page, leaving the time column as the page set it unless `timeColumn` says otherwise. */
async function importThroughPage(page: Page, file: string, expectNote: RegExp | null, timeColumn?: '' | '0', shot?: string): Promise<void> {
  await page.getByTestId('nav-import').click()
  await page.getByTestId('import-file').setInputFiles(file)
  await expect.poll(() => page.getByTestId('import-preview').isVisible(), { timeout: 30_000 }).toBe(true)
  // A timestamp in the key column reads whole on one line ("2024-01-05" / "00:00:00" before).
  const key = await keyCellLines(page)
  expect(key.text).toMatch(/^2024.01.05 0?0:00/)
  expect(key.lines).toBe(1)
  const note = page.getByTestId('import-time-note')
  if (expectNote) {
    await expect.poll(() => note.textContent()).toMatch(expectNote)
    expect(await page.getByTestId('import-time-column').inputValue()).toBe('0')
  } else {
    expect(await note.count()).toBe(0)
    expect(await page.getByTestId('import-time-column').inputValue()).toBe('')
  }
  if (timeColumn !== undefined) {
    await page.getByTestId('import-time-column').selectOption(timeColumn)
    await expect.poll(() => note.count()).toBe(timeColumn === '' ? 0 : 1)
  }
  if (shot) await screenshot(page, shot)
  await page.getByTestId('import-run').click()
  await expect.poll(() => page.getByTestId('import-done').isVisible(), { timeout: 30_000 }).toBe(true)
}

/** Walks the wizard to its goal step for the named dataset; returns whether "latest period" can be chosen. */
async function latestPeriodEnabled(page: Page, dataset: string): Promise<boolean> {
  await page.getByTestId('nav-pilots').click()
  await page.getByTestId('new-pilot').click()
  const wizard = page.getByTestId('pilot-wizard')
  await expect.poll(() => wizard.getAttribute('data-step')).toBe('dataset')
  await page.getByTestId('wizard-dataset').filter({ hasText: dataset }).click()
  await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('check')
  await page.getByTestId('wizard-next').click()
  await expect.poll(() => wizard.getAttribute('data-step')).toBe('goal')
  return page.getByTestId('goal-latest-period').locator('input').isEnabled()
}

describe('a wide file with timestamps as row labels', () => {
  it('is read as times on the Japanese import page, and the wizard offers 直近の期間を予測する', async () => {
    const { page } = web.session
    await page.goto(web.app.url)
    await page.getByTestId('language-ja').click()
    // 40 sensors crowd the preview, so a key cell free to wrap would.
    const file = hourlyFile('日報.csv', '日時', slashLabel, 0, 40)
    await importThroughPage(page, file, /「日時」の列は日時です。.*「直近の期間を予測する」を選べます/, undefined, 'import-time-labels-ja')
    expect(hasTime('日報')).toBe(true)
    expect(await recordedTimeColumn(page)).toEqual({ key: '行キーの列: 日時', time: '時刻の列: 日時' })
    await screenshot(page, 'dataset-time-column-ja')

    expect(await latestPeriodEnabled(page, '日報')).toBe(true)
    const goal = page.getByTestId('goal-latest-period')
    expect(await goal.innerText()).not.toContain('時刻の列が必要です')
    await goal.locator('input').check()
    await expect.poll(() => page.getByTestId('holdout-fraction').locator('xpath=..').innerText()).toContain('最新の')
    await screenshot(page, 'wizard-goal-time-labels-ja')
    expect(web.session.foreignRequests).toEqual([])
  }, 120_000)

  it('in English too, and a user who says the column holds no times gets no latest-period goal', async () => {
    const { page } = web.session
    await page.goto(web.app.url)
    await page.getByTestId('language-en').click()
    await importThroughPage(
      page,
      hourlyFile('hourly.csv', 'timestamp', isoLabel, 1, 40),
      /column “timestamp” holds dates and times.*“Predict the latest period”/,
      undefined,
      'import-time-labels-en',
    )
    expect(hasTime('hourly')).toBe(true)
    expect(await recordedTimeColumn(page)).toEqual({ key: 'Row key column: timestamp', time: 'Time column: timestamp' })
    await screenshot(page, 'dataset-time-column-en')
    expect(await latestPeriodEnabled(page, 'hourly')).toBe(true)
    await screenshot(page, 'wizard-goal-time-labels-en')

    // The same kind of file, with the time column set to None on the import page.
    await importThroughPage(page, hourlyFile('as-labels.csv', 'timestamp', isoLabel, 2), /“timestamp”/, '')
    expect(hasTime('as-labels')).toBe(false)
    expect(await recordedTimeColumn(page)).toEqual({ key: 'Row key column: timestamp', time: null })
    expect(await latestPeriodEnabled(page, 'as-labels')).toBe(false)

    // Labels that are not all times: no note, no time column, as before.
    await importThroughPage(
      page,
      hourlyFile('machines.csv', 'machine', (d, r) => (r === 5 ? 'spare' : isoLabel(d)), 3),
      null,
    )
    expect(hasTime('machines')).toBe(false)
    expect(await latestPeriodEnabled(page, 'machines')).toBe(false)
    expect(web.session.foreignRequests).toEqual([])
  }, 180_000)
})
