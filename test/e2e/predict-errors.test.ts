import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importFile } from '../../src-main/core/import/index.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'

const web = useWebAppSession('predict-errors')
const work = web.work

async function importTable(): Promise<void> {
  const lines = ['machine,s1,s2,s3']
  for (let r = 0; r < 30; r++) lines.push(`m${r},${r % 7},${(r * 3) % 5},${r % 4}`)
  const file = path.join(work, 'machines.csv')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  const db = openDatabase(web.app.dataDir)
  try {
    if (!(await importFile(db, file, { name: 'machines' })).ok) throw new Error('machines did not import')
  } finally {
    db.close()
  }
}

describe('predicting new rows from a bad file', () => {
  it('is an error with line, column and value, and names the columns the model does not know, in English and Japanese', async () => {
    await importTable()
    const bad = path.join(work, 'new-machines.csv')
    fs.writeFileSync(bad, 'machine,s1,s2,ambient temp\nn1,1,2,20\nn2,oops,3,21\n')
    const { page } = web.session
    await page.goto(`${web.app.url}#/models`)
    await page.getByTestId('train-kind').selectOption('mean')
    await page.getByTestId('train-start').click()
    await expect.poll(() => page.getByTestId('model-row').first().textContent(), { timeout: 120_000 }).toContain('Ready')
    await page.getByTestId('model-row').first().getByTestId('predict-file').setInputFiles(bad)
    const error = page.getByTestId('predict-error')
    await expect.poll(() => error.isVisible(), { timeout: 60_000 }).toBe(true)
    expect(await error.getAttribute('class')).toContain('error-box')
    expect(await error.getAttribute('role')).toBe('alert')
    expect(await page.getByTestId('predict-note').count()).toBe(0)
    expect(await error.textContent()).toContain('One cell of the new rows could not be read')
    const issue = error.getByTestId('issue-row')
    expect((await issue.locator('td').allTextContents()).slice(0, 3)).toEqual(['3', 's1', 'oops'])
    expect(await page.getByTestId('predict-unknown-columns').textContent()).toContain('The model does not know the file’s column ambient temp')
    await page.getByTestId('language-ja').click()
    await expect.poll(() => error.textContent()).toContain('新しい行のセル 1 個を読み取れなかったため、予測していません。')
    expect(await page.getByTestId('predict-unknown-columns').textContent()).toContain('ファイルの列「ambient temp」はモデルにない列のため')
    await screenshot(page, 'models-predict-error-ja')
  })

  it('refuses "Predictions for the missing cells" of a table with no gaps, in English and Japanese, and hands over no file', async () => {
    const { page } = web.session
    await page.goto(`${web.app.url}#/models`)
    await page.getByTestId('language-en').click()
    let downloads = 0
    page.on('download', () => downloads++)
    await page.getByTestId('model-row').first().getByRole('button', { name: 'Predictions for the missing cells (CSV)' }).click()
    const error = page.getByTestId('models-error')
    await expect.poll(() => error.textContent(), { timeout: 60_000 }).toContain('Nothing to export: the dataset “machines” has no missing cells')
    await page.getByTestId('language-ja').click()
    await page.getByTestId('model-row').first().getByRole('button', { name: '欠測セルの予測値（CSV）' }).click()
    await expect.poll(() => error.textContent(), { timeout: 60_000 }).toContain('データセット「machines」には欠測セルがない')
    expect(downloads).toBe(0)
  })

  it('names the file it hands over, in English and Japanese', async () => {
    const good = path.join(work, 'next-machines.csv')
    fs.writeFileSync(good, 'machine,s1,s2\nn1,1,\nn2,,3\n')
    const { page } = web.session
    await page.goto(`${web.app.url}#/models`)
    await page.getByTestId('language-en').click()
    const downloaded = page.waitForEvent('download', { timeout: 60_000 })
    await page.getByTestId('model-row').first().getByTestId('predict-file').setInputFiles(good)
    expect((await downloaded).suggestedFilename()).toBe('next-machines predictions.csv')
    const note = page.getByTestId('download-note')
    await expect
      .poll(() => note.textContent(), { timeout: 30_000 })
      .toContain('Downloaded “next-machines predictions.csv”: your browser put it in its downloads folder')
    expect(await page.getByTestId('predict-error').count()).toBe(0)
    await page.getByTestId('language-ja').click()
    await expect.poll(() => note.textContent()).toContain('「next-machines predictions.csv」をダウンロードしました。')
    // Predicted from a Japanese page, the file is named in Japanese, as the other exports are.
    const japanese = page.waitForEvent('download', { timeout: 60_000 })
    await page.getByTestId('model-row').first().getByTestId('predict-file').setInputFiles(good)
    expect((await japanese).suggestedFilename()).toBe('next-machines 予測値.csv')
    await expect.poll(() => note.textContent(), { timeout: 30_000 }).toContain('「next-machines 予測値.csv」をダウンロードしました。')
    await screenshot(page, 'models-download-note-ja')
  })
})
