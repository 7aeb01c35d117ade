import { afterEach, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
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

describe('home screen in web mode', () => {
  it('lists a dataset written into the real store, in English and in Japanese, and remembers the language', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-e2e-'))
    const db = openDatabase(dataDir)
    writeSmallDataset(db, 'Press line 3 sensors')
    db.close()

    app = await startWebApp(dataDir)
    session = await openBrowser(app, { locale: 'en-US' })
    const { page } = session
    await page.goto(app.url)

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Datasets')
    const row = page.getByTestId('dataset-row')
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.locator('td').first().textContent()).toBe('Press line 3 sensors')
    expect(await page.getByTestId('dataset-observed').textContent()).toBe('4')
    expect(await row.textContent()).toContain('3 × 2')
    await expect.poll(() => page.getByTestId('backend-badge').textContent()).toMatch(/Training backend:\s*\S/)
    expect(new URL(page.url()).searchParams.get('token')).toBeNull()
    await screenshot(page, 'home-en')

    await page.getByTestId('language-ja').click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('データセット')
    expect(await page.locator('thead').textContent()).toContain('観測値の数')
    await screenshot(page, 'home-ja')

    await page.reload()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('データセット')
    expect(await page.locator('html').getAttribute('lang')).toBe('ja')

    expect(session.foreignRequests).toEqual([])
  })

  it('shows an empty state with a next step on a fresh store and makes no request outside the app', async () => {
    app = await startWebApp()
    session = await openBrowser(app, { locale: 'ja-JP' })
    const { page } = session
    await page.goto(app.url)
    await expect.poll(() => page.getByTestId('datasets-empty').isVisible()).toBe(true)
    expect(await page.getByTestId('datasets-empty').textContent()).toContain('データセットはまだありません')
    await screenshot(page, 'home-empty-ja')
    expect(session.foreignRequests).toEqual([])
  })

  it('refuses the API to a page opened without the token, and says so', async () => {
    app = await startWebApp()
    session = await openBrowser(app)
    const { page } = session
    await page.goto(`${app.origin}/`)
    const status = await page.evaluate(async () => (await fetch('/api/request/listDatasets', { method: 'POST', body: '{}' })).status)
    expect(status).toBe(401)
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Missing or wrong access token')
  })
})

describe('sample data on first run', () => {
  it('imports the shipped SECOM sample from the empty home screen', async () => {
    app = await startWebApp()
    session = await openBrowser(app, { locale: 'en-US' })
    const { page } = session
    await page.goto(app.url)
    await page.getByTestId('try-sample').click()
    const row = page.getByTestId('dataset-row')
    await expect.poll(() => row.count(), { timeout: 120_000 }).toBe(1)
    expect(await row.textContent()).toContain('UCI SECOM (sample)')
    expect(await row.textContent()).toContain('1,567 × 590')
    expect(await page.getByTestId('sample-attribution').textContent()).toContain('CC BY 4.0')
    await screenshot(page, 'home-sample-en')
    expect(session.foreignRequests).toEqual([])
  })
})
