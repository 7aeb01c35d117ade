import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importFile } from '../../src-main/core/import/index.js'
import { createRng } from '../../src-main/core/random.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'

const web = useWebAppSession('similar-rows')
const work = web.work

/**
 * 24 presses × 8 sensors of seeded noise; 'Line1-B' is 'Line1-A' plus a little noise. Two more
 * columns never change (a supply voltage and a die number), so they are not compared (issue 14).
 */
async function importPresses(): Promise<void> {
  const rng = createRng(17)
  const header = ['machine', ...Array.from({ length: 8 }, (_, c) => `sensor-${c}`), 'voltage', 'die']
  const a = Array.from({ length: 8 }, (_, c) => 20 + c + 3 * rng.normal())
  const rows: [string, number[]][] = [
    ['Line1-A', a],
    ['Line1-B', a.map((v) => v + 0.1 * rng.normal())],
    ...Array.from({ length: 22 }, (_, r): [string, number[]] => [
      `m${String(r).padStart(2, '0')}`,
      Array.from({ length: 8 }, (_, c) => 20 + c + 3 * rng.normal()),
    ]),
  ]
  const lines = [header.join(','), ...rows.map(([label, values]) => [label, ...values.map((v) => v.toFixed(3)), '230', '4'].join(','))]
  const file = path.join(work, 'presses.csv')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  const db = openDatabase(web.app.dataDir)
  try {
    if (!(await importFile(db, file, { name: 'presses' })).ok) throw new Error('presses did not import')
  } finally {
    db.close()
  }
}

describe('similar rows on the dataset page', () => {
  it('picks a row by label and lists its near copy first, in English and Japanese', async () => {
    await importPresses()
    const { page } = web.session
    const consoleErrors: string[] = []
    page.on('pageerror', (error) => consoleErrors.push(error.message))
    await page.goto(web.app.url)
    await page.getByTestId('dataset-link').filter({ hasText: 'presses' }).click()
    const panel = page.getByTestId('similar-rows')
    await expect.poll(() => panel.locator('h2').textContent(), { timeout: 20_000 }).toBe('Similar rows')

    // Part of a label matching two rows offers both and asks for one.
    const input = page.getByTestId('similar-row-input')
    await input.fill('line1')
    await expect
      .poll(() => panel.locator('datalist option').evaluateAll((options) => options.map((o) => o.getAttribute('value'))))
      .toEqual(['Line1-A', 'Line1-B'])
    await page.getByTestId('similar-rows-show').click()
    await expect.poll(() => page.getByTestId('similar-rows-problem').textContent()).toContain('2 rows match “line1”; pick one from the list.')

    await input.fill('Line1-A')
    await page.getByTestId('similar-rows-show').click()
    const labels = page.getByTestId('similar-row-label')
    await expect.poll(() => labels.count()).toBe(5)
    expect(await labels.first().textContent()).toBe('Line1-B')
    expect(await page.getByTestId('similar-row-shared').first().textContent()).toBe('8')
    const similarities = (await page.getByTestId('similar-row-similarity').allTextContents()).map(Number)
    expect(similarities[0]).toBeGreaterThan(0)
    expect(similarities[0]).toBeLessThanOrEqual(1)
    expect([...similarities].sort((x, y) => y - x)).toEqual(similarities)
    expect(await page.getByTestId('similar-rows-summary').textContent()).toBe(
      `“Line1-B” behaves most like “Line1-A”: on the 8 columns both have whose value changes, their values rise and fall together (similarity ${similarities[0]!.toFixed(2)}, where 1 means identical).`,
    )
    expect(await page.getByTestId('similar-rows-constant').textContent()).toBe('2 columns never change value, so they are left out of the comparison.')
    await screenshot(page, 'similar-rows-en')

    // Japanese: the panel and the sentence follow the language switch, and a new query is worded too.
    await page.getByTestId('language-ja').click()
    await expect.poll(() => panel.locator('h2').textContent()).toBe('似ている行')
    expect(await panel.textContent()).toContain('k 近傍法のモデルと同じ方法で測ります')
    expect(await panel.locator('thead').textContent()).toMatch(/行\s*類似度\s*比べた列数/)
    expect(await page.getByTestId('similar-rows-summary').textContent()).toBe(
      `「Line1-A」に最も似ているのは「Line1-B」です。両方に値があり値が変化する 8 列で、値が同じように上がり下がりしています（類似度 ${similarities[0]!.toFixed(2)}。1 なら完全に一致）。`,
    )
    expect(await page.getByTestId('similar-rows-constant').textContent()).toBe('値が一度も変わらない 2 列は比べていません。')
    await input.fill('Line1-B')
    await page.getByTestId('similar-rows-show').click()
    await expect.poll(() => page.getByTestId('similar-rows-summary').textContent()).toContain('「Line1-B」に最も似ているのは「Line1-A」です。')
    await screenshot(page, 'similar-rows-ja')
    await input.fill('存在しない')
    await page.getByTestId('similar-rows-show').click()
    await expect.poll(() => page.getByTestId('similar-rows-problem').textContent()).toContain('「存在しない」を含む行ラベルはありません。')
    expect(consoleErrors).toEqual([])
    expect(web.session.foreignRequests).toEqual([])
  })
})
