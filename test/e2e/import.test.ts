import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import iconv from 'iconv-lite'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/store/open.js'
import { openBrowser, screenshot, startWebApp, type BrowserSession, type WebApp } from './helpers/web-app.js'

let app: WebApp | undefined
let session: BrowserSession | undefined
const files: string[] = []
afterEach(async () => {
  await session?.close()
  await app?.stop()
  if (app) fs.rmSync(app.dataDir, { recursive: true, force: true })
  for (const file of files.splice(0)) fs.rmSync(file, { force: true })
  session = app = undefined
})

function tempFile(name: string, content: Buffer | string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-e2e-file-')), name)
  fs.writeFileSync(file, content)
  files.push(file)
  return file
}

function storedDatasets(dataDir: string): Array<{ name: string; n_rows: number; n_cols: number; n_observed: number }> {
  const db = openDatabase(dataDir)
  try {
    return db.prepare('SELECT name, n_rows, n_cols, n_observed FROM datasets').all() as never
  } finally {
    db.close()
  }
}

describe('import through the UI', () => {
  it('imports a Shift_JIS wide CSV: preview, validation report, bad cells as missing, dataset listed with the right counts', async () => {
    const csv = ['設備,温度,圧力,振動', '1号機,20.5,101.3,0.01', '2号機,21.0,,0.02', '3号機,エラー,99.8,0.03', '4号機,19.8,100.1,-'].join('\r\n') + '\r\n'
    const file = tempFile('ライン計測.csv', iconv.encode(csv, 'cp932'))
    app = await startWebApp()
    session = await openBrowser(app, { locale: 'ja-JP' })
    const { page } = session
    await page.goto(app.url)
    await page.getByTestId('empty-import').click()
    // The file button speaks the page's language, not the browser's "Choose File".
    expect(await page.getByTestId('import-choose').innerText()).toBe('ファイルを選ぶ…')
    await page.getByTestId('import-file').setInputFiles(file)

    const preview = page.getByTestId('import-preview')
    await expect.poll(() => preview.locator('thead').textContent()).toContain('温度')
    expect(await preview.locator('thead').textContent()).toContain('振動')
    expect(await page.getByTestId('import-detected').textContent()).toContain('Shift_JIS')
    // The size worded as on the dataset page, in the page's language, not a raw "(103 B)".
    expect(await page.getByTestId('import-detected').textContent()).toMatch(/\(\d+ バイト\)/)
    expect(await preview.locator('tbody').textContent()).toContain('エラー')
    expect(await page.getByTestId('import-name').inputValue()).toBe('ライン計測')
    await screenshot(page, 'import-preview-ja')

    await page.getByTestId('import-run').click()
    const report = page.getByTestId('validation-report')
    await expect.poll(() => report.isVisible(), { timeout: 30_000 }).toBe(true)
    expect(await page.getByTestId('count-not-a-number').textContent()).toContain('1')
    const issue = page.getByTestId('issue-row').first()
    expect(await issue.textContent()).toContain('エラー')
    expect(await issue.locator('td').nth(0).textContent()).toBe('4')
    expect(await issue.locator('td').nth(1).textContent()).toBe('温度')
    expect(storedDatasets(app.dataDir)).toEqual([])
    await screenshot(page, 'import-report-ja')

    await page.getByTestId('import-as-missing').click()
    await expect.poll(() => page.getByTestId('import-done').isVisible(), { timeout: 30_000 }).toBe(true)
    expect(await page.getByTestId('import-done').textContent()).toContain('4 行 × 3 列、観測値 9 個')
    expect(storedDatasets(app.dataDir)).toEqual([{ name: 'ライン計測', n_rows: 4, n_cols: 3, n_observed: 9 }])

    await page.getByRole('link', { name: 'ホーム' }).click()
    const row = page.getByTestId('dataset-row')
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('ライン計測')
    expect(await page.getByTestId('dataset-observed').textContent()).toBe('9')
    expect(session.foreignRequests).toEqual([])
  })

  it('cancelling a large import leaves nothing behind', async () => {
    const lines = ['machine,sensor,value']
    for (let r = 0; r < 4000; r++) for (let c = 0; c < 500; c++) lines.push(`m${r},s${c},${((r * 7 + c * 13) % 1000) / 10}`)
    const file = tempFile('large-long.csv', lines.join('\n') + '\n')
    app = await startWebApp()
    session = await openBrowser(app, { locale: 'en-US' })
    const { page } = session
    await page.goto(app.url)
    await page.getByTestId('nav-import').click()
    await page.getByTestId('import-file').setInputFiles(file)
    await expect.poll(() => page.getByTestId('import-layout').inputValue(), { timeout: 30_000 }).toBe('long')
    await page.getByTestId('import-run').click()
    await expect.poll(() => page.getByTestId('job-progress').isVisible()).toBe(true)
    await screenshot(page, 'import-running-en')
    await page.getByTestId('job-cancel').click()
    await expect.poll(() => page.getByTestId('import-cancelled').isVisible(), { timeout: 10_000 }).toBe(true)
    expect(storedDatasets(app.dataDir)).toEqual([])
    const db = openDatabase(app.dataDir)
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(0)
      expect(db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(0)
    } finally {
      db.close()
    }
  })
})
