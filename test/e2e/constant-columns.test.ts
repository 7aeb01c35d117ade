import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importFile } from '../../src-main/core/import/index.js'
import { createRng } from '../../src-main/core/random.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'

const web = useWebAppSession('constant')
const work = web.work

/** 60 machines × 16 sensors: ten sensors (const-0 … const-9) always read 0.03, five vary, one (spiky) has rare large values. */
async function importSensorLog(): Promise<void> {
  const rng = createRng(5)
  const header = ['machine', ...Array.from({ length: 10 }, (_, c) => `const-${c}`), ...Array.from({ length: 5 }, (_, c) => `v${c}`), 'spiky']
  const lines = [header.join(',')]
  for (let r = 0; r < 60; r++)
    lines.push(
      [
        `m${r}`,
        ...new Array(10).fill('0.03'),
        ...Array.from({ length: 5 }, () => rng.normal().toFixed(3)),
        (r % 20 === 0 ? 50 : 1 + 0.1 * rng.normal()).toFixed(3),
      ].join(','),
    )
  const file = path.join(work, 'sensors.csv')
  fs.writeFileSync(file, lines.join('\n') + '\n')
  const db = openDatabase(web.app.dataDir)
  try {
    if (!(await importFile(db, file, { name: 'sensors' })).ok) throw new Error('sensors did not import')
  } finally {
    db.close()
  }
}

describe('constant columns in the data check', () => {
  it('are named, cut short after eight, in English and Japanese', async () => {
    await importSensorLog()
    const { page } = web.session
    await page.goto(`${web.app.url}#/pilot/new`)
    const wizard = page.getByTestId('pilot-wizard')
    await page.getByTestId('wizard-dataset').filter({ hasText: 'sensors' }).click()
    await expect.poll(() => wizard.getAttribute('data-step'), { timeout: 30_000 }).toBe('check')
    const reason = page.getByTestId('check-reason').filter({ hasText: 'const-0' })
    const eight = Array.from({ length: 8 }, (_, c) => `const-${c}`)
    await expect.poll(() => reason.textContent()).toContain(`10 columns never change (${eight.join(', ')} and 2 more)`)
    await page.getByTestId('language-ja').click()
    await expect.poll(() => reason.textContent()).toContain(`10 列は値が変化しません（${eight.join('、')} ほか 2 列）`)
    await screenshot(page, 'data-check-constant-columns-ja')
  })

  it('names the skewed columns too, in English and Japanese', async () => {
    const { page } = web.session
    const reason = page.getByTestId('check-reason').filter({ hasText: 'spiky' })
    await expect.poll(() => reason.textContent()).toContain('16 列のうち 1 列（spiky）は分布が大きく偏っています')
    await page.getByTestId('language-en').click()
    await expect.poll(() => reason.textContent()).toContain('1 of 16 columns (spiky) are strongly skewed')
  })

  it('are named on the dataset page too, in English and Japanese', async () => {
    const { page } = web.session
    await page.goto(`${web.app.url}#/`)
    await page.getByTestId('language-en').click()
    await page.getByTestId('dataset-row').filter({ hasText: 'sensors' }).getByTestId('dataset-link').click()
    const note = page.getByTestId('constant-columns')
    const eight = Array.from({ length: 8 }, (_, c) => `const-${c}`)
    await expect.poll(() => note.textContent(), { timeout: 30_000 }).toContain(`10 columns never change (${eight.join(', ')} and 2 more)`)
    await page.getByTestId('language-ja').click()
    await expect.poll(() => note.textContent()).toContain(`10 列は値が変化しません（${eight.join('、')} ほか 2 列）`)
    await screenshot(page, 'dataset-constant-columns-ja')
  })
})
