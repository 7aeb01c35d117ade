import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { listDatasets } from '../../src-main/core/store/datasets.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'

const web = useWebAppSession('same-file')
const work = web.work

function storedNames(): string[] {
  const db = openDatabase(web.app.dataDir)
  try {
    return listDatasets(db)
      .map((d) => d.name)
      .sort()
  } finally {
    db.close()
  }
}

describe('importing the same file again', () => {
  it('warns and imports only as an explicit new version "<name> (2)", in English and Japanese', async () => {
    const file = path.join(work, 'press.csv')
    fs.writeFileSync(file, ['machine,s1,s2', ...Array.from({ length: 20 }, (_, r) => `m${r},${r},${r % 3}`)].join('\n') + '\n')
    const { page } = web.session
    const importOnce = async (): Promise<void> => {
      await page.goto(`${web.app.url}#/import`)
      await page.getByTestId('import-file').setInputFiles(file)
      await expect.poll(() => page.getByTestId('import-preview').isVisible(), { timeout: 30_000 }).toBe(true)
    }
    await importOnce()
    expect(await page.getByTestId('same-file-warning').count()).toBe(0)
    await page.getByTestId('import-run').click()
    await expect.poll(() => page.getByTestId('import-done').isVisible(), { timeout: 60_000 }).toBe(true)

    await importOnce()
    const warning = page.getByTestId('same-file-warning')
    await expect.poll(() => warning.textContent()).toContain('This exact file was already imported, as the dataset “press”.')
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true)
    expect(await page.getByTestId('import-new-version').textContent()).toContain('Import as a new version, “press (2)”')
    await page.getByTestId('language-ja').click()
    await expect.poll(() => warning.textContent()).toContain('このファイルは、すでにデータセット「press」として取り込まれています。')
    expect(await page.getByTestId('import-new-version').textContent()).toContain('新しい版「press (2)」として取り込む')
    await screenshot(page, 'import-same-file-ja')
    await page.getByTestId('import-new-version').click()
    expect(await page.getByTestId('import-run').isDisabled()).toBe(false)
    await page.getByTestId('import-run').click()
    await expect.poll(() => page.getByTestId('import-done').isVisible(), { timeout: 60_000 }).toBe(true)
    expect(storedNames()).toEqual(['press', 'press (2)'])
    await page.getByTestId('language-en').click()
  })
})
