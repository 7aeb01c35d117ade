import { afterEach, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { importFile } from '../../src-main/core/import/index.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { writeSmallDataset } from '../helpers/small-dataset.js'
import { openBrowser, screenshot, startWebApp, type BrowserSession, type WebApp } from './helpers/web-app.js'

let app: WebApp | undefined
let session: BrowserSession | undefined
afterEach(async () => {
  await session?.close()
  await app?.stop()
  if (app) fs.rmSync(app.dataDir, { recursive: true, force: true })
  session = app = undefined
})

/** The part of a page's canvas the paint check uses (the Node-side tsconfig has no DOM types). */
interface PaintedCanvas {
  width: number
  height: number
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } }
}

function freshDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-e2e-'))
}

describe('dataset browser in web mode', () => {
  it('opens a dataset from the home screen, shows its counts and charts, renames, exports, and deletes it', async () => {
    const dataDir = freshDataDir()
    const db = openDatabase(dataDir)
    // 3 × 2: 機械1 温度 20.5 圧力 1.2; 機械2 温度 21.0; 機械3 圧力 1.1.
    writeSmallDataset(db, 'Press line 3 sensors')
    db.close()

    app = await startWebApp(dataDir)
    session = await openBrowser(app, { locale: 'en-US' })
    const { page } = session
    const consoleErrors: string[] = []
    page.on('console', (message) => void (message.type() === 'error' && consoleErrors.push(message.text())))
    page.on('pageerror', (error) => consoleErrors.push(error.message))
    await page.goto(app.url)

    await page.getByTestId('dataset-link').click()
    await expect.poll(() => page.getByTestId('dataset-name').textContent()).toBe('Press line 3 sensors')
    expect(page.url()).toMatch(/#\/datasets\/1$/)
    expect(await page.getByTestId('summary-kind').textContent()).toBe('Measurements')
    expect(await page.getByTestId('summary-shape').textContent()).toBe('3 × 2')
    expect(await page.getByTestId('summary-observed').textContent()).toBe('4')
    expect(await page.getByTestId('summary-fraction').textContent()).toBe('66.7%')

    // Rows are 100%, 50%, 50% observed; both columns 2 of 3 (66.7%).
    const rowBins = page.getByTestId('row-coverage-bin')
    expect(await rowBins.count()).toBe(10)
    expect(await rowBins.nth(5).textContent()).toMatch(/^50–60%\s*2$/)
    expect(await rowBins.nth(9).textContent()).toMatch(/^90–100%\s*1$/)
    expect(await page.getByTestId('column-coverage-bin').nth(6).textContent()).toMatch(/^60–70%\s*2$/)

    // The first column (温度: 20.5, 21) is chosen: 2 values, mean 20.75, two bins of one value each.
    await expect.poll(() => page.getByTestId('value-histogram-bin').count()).toBe(2)
    expect(await page.getByTestId('stat-mean').textContent()).toContain('20.75')
    expect(await page.getByTestId('value-histogram-bin').first().textContent()).toMatch(/^20\.5 – 20\.75\s*1$/)
    await page.getByTestId('distribution-column').selectOption({ label: '圧力 (2 values)' })
    await expect.poll(() => page.getByTestId('stat-max').textContent()).toContain('1.2')
    await expect.poll(() => page.getByTestId('value-histogram-bin').first().textContent()).toMatch(/^1\.1 – 1\.15\s*1$/)

    expect(await page.getByTestId('mask-explain').getAttribute('data-blocks')).toBe('3x2')
    expect(await page.getByTestId('import-file').textContent()).toBe('test.csv')
    // Charts are canvases drawn by ECharts under the CSP (no eval): each has a sized canvas.
    const canvases = page.locator('[data-testid="dataset-summary"] ~ section canvas')
    await expect.poll(() => canvases.count()).toBeGreaterThanOrEqual(4)
    const box = await page.locator('[data-testid="mask"] canvas').first().boundingBox()
    expect(box!.width).toBeGreaterThan(300)
    // ...and actually drew on it: the observed cells in the mask's darkest blue, the missing ones near white.
    // ECharts may paint the heatmap on a layer canvas of its own, so all of the chart's canvases count.
    const maskShades = () =>
      page.locator('[data-testid="mask"] canvas').evaluateAll((canvases: PaintedCanvas[]) => {
        let dark = 0
        let pale = 0
        let total = 0
        for (const canvas of canvases) {
          const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
          total = Math.max(total, data.length / 4)
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3]! < 255) continue
            if (data[i]! < 40 && data[i + 1]! < 70 && data[i + 2]! > 90) dark++
            else if (data[i]! > 230 && data[i + 1]! > 235 && data[i + 2]! > 240 && data[i + 2]! < 250) pale++
          }
        }
        return { dark, pale, total }
      })
    // ECharts paints on an animation frame after the option arrives, hence the poll.
    await expect
      .poll(async () => {
        const shades = await maskShades()
        return shades.dark / shades.total > 0.1 && shades.pale / shades.total > 0.03
      })
      .toBe(true)
    await screenshot(page, 'dataset-en')

    // Rename: an empty name is refused in place, a real one is saved.
    await page.getByTestId('rename-start').click()
    await page.getByTestId('rename-input').fill('   ')
    await page.getByTestId('rename-save').click()
    expect(await page.getByTestId('rename-problem').textContent()).toBe('Please enter a name.')
    await page.getByTestId('rename-input').fill('プレス 3 号機')
    await page.getByTestId('rename-input').press('Enter')
    await expect.poll(() => page.getByTestId('dataset-name').textContent()).toBe('プレス 3 号機')

    // Export: the browser receives the CSV under the dataset's name.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
    expect(download.suggestedFilename()).toBe('プレス 3 号機.csv')
    const file = await download.path()
    expect(fs.readFileSync(file, 'utf8')).toBe('row,温度,圧力\n機械1,20.5,1.2\n機械2,21,\n機械3,,1.1\n')
    await expect.poll(() => page.getByTestId('export-done').textContent()).toContain('プレス 3 号機.csv')

    // Japanese: the same page, every label translated.
    await page.getByTestId('language-ja').click()
    await expect.poll(() => page.getByTestId('summary-kind').textContent()).toBe('計測値')
    expect(await page.getByTestId('coverage').textContent()).toContain('行と列の埋まり具合')
    expect(await page.getByTestId('export-csv').textContent()).toContain('CSV に書き出す')
    await screenshot(page, 'dataset-ja')

    // Delete: a confirm dialog; "keep it" keeps it, "delete" removes it and goes home.
    await page.getByTestId('delete-dataset').click()
    await expect.poll(() => page.getByTestId('confirm-dialog').isVisible()).toBe(true)
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain('「プレス 3 号機」')
    await screenshot(page, 'dataset-delete-confirm-ja')
    await page.getByTestId('confirm-no').click()
    await expect.poll(() => page.getByTestId('confirm-dialog').isVisible()).toBe(false)
    await page.getByTestId('delete-dataset').click()
    await page.getByTestId('confirm-yes').click()
    await expect.poll(() => page.getByTestId('datasets-empty').isVisible()).toBe(true)
    expect(new URL(page.url()).hash).toBe('#/')

    expect(consoleErrors).toEqual([])

    // The old address now says plainly that the dataset is gone, with a way home.
    await page.goto(`${app.origin}/#/datasets/1`)
    await expect.poll(() => page.getByTestId('dataset-not-found').textContent()).toContain('このデータセットは見つかりません')
    await page.getByTestId('dataset-not-found').getByRole('link').click()
    await expect.poll(() => page.getByTestId('datasets-empty').isVisible()).toBe(true)
    // An address that cannot be a dataset id gets the same answer, without asking the server.
    await page.goto(`${app.origin}/#/datasets/abc`)
    await expect.poll(() => page.getByTestId('dataset-not-found').isVisible()).toBe(true)
    await screenshot(page, 'dataset-not-found-ja')
    // The only console error is the browser noting the 404 answer to the deleted dataset.
    expect(consoleErrors).toEqual([expect.stringContaining('404')])
    expect(session.foreignRequests).toEqual([])
  })

  it('shows SECOM (1567 × 590) in Japanese with its import record and a 200 × 200 mask', async () => {
    const dataDir = freshDataDir()
    const db = openDatabase(dataDir)
    const result = await importFile(db, path.resolve('resources/sample-data/secom.csv'), { name: 'SECOM 半導体ライン' })
    if (!result.ok) throw new Error('SECOM did not import')
    db.close()

    app = await startWebApp(dataDir)
    session = await openBrowser(app, { locale: 'ja-JP' })
    const { page } = session
    await page.goto(app.url)
    await page.getByTestId('dataset-link').click()
    await expect.poll(() => page.getByTestId('summary-shape').textContent(), { timeout: 20_000 }).toBe('1,567 × 590')
    expect(await page.getByTestId('summary-observed').textContent()).toBe(result.stats.nObserved.toLocaleString('en-US'))
    expect(await page.getByTestId('mask-explain').getAttribute('data-blocks')).toBe('200x200')
    expect(await page.getByTestId('import-file').textContent()).toBe('secom.csv')
    expect(await page.getByTestId('import-sha256').textContent()).toMatch(/^[0-9a-f]{64}$/)
    expect(await page.getByTestId('no-bad-cells').textContent()).toBe('すべてのセルを読み取れました。')
    // Row coverage bins add up to the number of runs.
    const counts = await page.getByTestId('row-coverage-bin').locator('td.num').allTextContents()
    expect(counts.reduce((sum, text) => sum + Number(text.replace(/,/g, '')), 0)).toBe(1567)
    await expect.poll(() => page.getByTestId('value-histogram-bin').count()).toBeGreaterThan(1)
    await page.waitForTimeout(500)
    await screenshot(page, 'dataset-secom-ja')
    expect(session.foreignRequests).toEqual([])
  })
})
