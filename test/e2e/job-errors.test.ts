import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/store/open.js'
import { plantedLowRank, writePlantedDataset } from '../helpers/planted.js'
import { englishWords } from './helpers/verdict.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'

const web = useWebAppSession('job-errors')
const work = web.work

describe('file errors of an import job', () => {
  it('reach the page as codes and are worded in the page’s language', async () => {
    const file = path.join(work, 'dup.csv')
    fs.writeFileSync(file, 'machine,t,t\nm1,1,2\nm2,3,4\n')
    const { page } = web.session
    const tryImport = async (): Promise<string> => {
      await page.goto(`${web.app.url}#/import`)
      await page.getByTestId('import-file').setInputFiles(file)
      await expect.poll(() => page.getByTestId('import-preview').isVisible(), { timeout: 30_000 }).toBe(true)
      await page.getByTestId('import-run').click()
      await expect.poll(() => page.getByTestId('import-error').isVisible(), { timeout: 60_000 }).toBe(true)
      return (await page.getByTestId('import-error').textContent()) ?? ''
    }
    expect(await tryImport()).toContain('Line 1: The header of dup.csv names the column “t” twice; give each column its own name.')
    await page.getByTestId('language-ja').click()
    const ja = await tryImport()
    expect(ja).toContain('1 行目: dup.csv の見出しに列名「t」が 2 回あります。列ごとに別の名前を付けてください。')
    expect(englishWords(ja.replace('dup.csv', ''))).toEqual([])
    await screenshot(page, 'import-duplicate-header-ja')
  })

  it('an empty file is refused at the preview, worded in the page’s language', async () => {
    const file = path.join(work, 'empty.csv')
    fs.writeFileSync(file, '')
    const { page } = web.session
    for (const [language, words] of [
      ['en', 'The file empty.csv is empty: there is nothing to import.'],
      ['ja', 'ファイル empty.csv は空です。取り込むものがありません。'],
    ] as const) {
      await page.goto(`${web.app.url}#/import`)
      await page.getByTestId(`language-${language}`).click()
      await page.getByTestId('import-file').setInputFiles(file)
      await expect.poll(() => page.getByTestId('import-error').textContent(), { timeout: 30_000 }).toBe(words)
    }
  })
})

describe('a refused pilot', () => {
  it('is worded in the page’s language in the wizard (its dataset deleted in another window)', async () => {
    const db = openDatabase(web.app.dataDir)
    const datasetId = writePlantedDataset(db, plantedLowRank({ nRows: 100, nCols: 30, rank: 2, density: 0.8, noise: 0.1, seed: 8 }), 'line 7')
    db.close()
    const { page } = web.session
    await page.goto(`${web.app.url}#/pilot/new`)
    await page.getByTestId('language-ja').click()
    const wizard = page.getByTestId('pilot-wizard')
    await page.getByTestId('wizard-dataset').first().click()
    await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('check')
    await page.getByTestId('wizard-next').click()
    await page.getByTestId('wizard-next').click()
    await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('effort')
    // Another window deletes the dataset while this one is about to start.
    const deleted = await page.evaluate(async (id) => {
      const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage
      const response = await fetch('/api/request/deleteDataset', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${storage.getItem('nnmf-token')}` },
        body: JSON.stringify({ id }),
      })
      return response.status
    }, datasetId)
    expect(deleted).toBe(200)
    await page.getByTestId('pilot-start').click()
    const error = page.getByTestId('wizard-error')
    await expect.poll(() => error.isVisible(), { timeout: 30_000 }).toBe(true)
    const text = (await error.textContent()) ?? ''
    expect(text).toBe('このデータセットはもうありません。別のウィンドウで削除された可能性があります。')
    expect(englishWords(text)).toEqual([])
    await screenshot(page, 'pilot-refused-ja')
  })
})
