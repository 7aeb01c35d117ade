import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { importFile } from '../../src-main/core/import/index.js'
import { chooseNnmfEngine } from '../../src-main/core/models/nnmf/choose-engine.js'
import { defaultPilotConfig } from '../../src-main/core/pilot/config.js'
import { pilotEngineOf, runPilot } from '../../src-main/core/pilot/runner.js'
import { loadPilotInput } from '../../src-main/core/runs/pilot-run.js'
import { createRng } from '../../src-main/core/random.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { createPilot, finishPilot } from '../../src-main/core/store/pilots.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'

/**
 * Wide tables at a laptop's width (issue 14): names such as 評価_3000x3000_long stay whole, a row's
 * buttons stay on one line, and every column header can be scrolled into view unclipped.
 */
const web = useWebAppSession('wide-tables', { locale: 'ja-JP' })
const SENSORS = '評価_3000x3000_long'
const FAILURES = '不良記録_line3_2024'

/** A seeded 300 machines × 12 columns table, 85 % observed: sensor readings, or 0/1 failures. */
function table(kind: 'numeric' | 'binary', seed: number): string {
  const rng = createRng(seed)
  const nCols = 12
  const v = Array.from({ length: nCols * 2 }, () => rng.normal())
  const lines = [['machine', ...Array.from({ length: nCols }, (_, c) => `s${c + 1}`)].join(',')]
  for (let r = 0; r < 300; r++) {
    const u = [rng.normal(), rng.normal()]
    const cells = Array.from({ length: nCols }, (_, c) => {
      const value = u[0]! * v[2 * c]! + u[1]! * v[2 * c + 1]! + 0.1 * rng.normal()
      if (rng.next() >= 0.85) return ''
      return kind === 'binary' ? (value > 0.8 ? '1' : '0') : (20 + value).toFixed(3)
    })
    lines.push([`m${r + 1}`, ...cells].join(','))
  }
  return lines.join('\n') + '\n'
}

/** Imports both tables under long names and stores a real quick pilot of each; the failure table's has the most columns. */
async function seedStore(): Promise<number[]> {
  const db = openDatabase(web.app.dataDir)
  try {
    const pilotIds: number[] = []
    for (const [name, kind, seed] of [
      [SENSORS, 'numeric', 31],
      [FAILURES, 'binary', 32],
    ] as const) {
      const file = path.join(web.work, `${name}.csv`)
      fs.writeFileSync(file, table(kind, seed))
      const imported = await importFile(db, file, { name, valueKind: kind })
      if (!imported.ok) throw new Error(`${name} did not import`)
      const { summary, input } = loadPilotInput(db, imported.datasetId)
      const config = { ...defaultPilotConfig(imported.datasetId), name: `${name} · お試し` }
      const result = await runPilot(input, config, { engine: pilotEngineOf(await chooseNnmfEngine(config.engine)) })
      const id = createPilot(db, { config: result.config, dataHash: summary.dataHash, name: config.name })
      finishPilot(db, id, result)
      pilotIds.push(id)
    }
    return pilotIds
  } finally {
    db.close()
  }
}

interface CellText {
  text: string
  /** Lines its text takes. */
  lines: number
  /** Its words (runs without a space) that start on one line and end on the next. */
  splitWords: string[]
  /** Whether its text is wider than the element shows (cut). */
  clipped: boolean
}

/** How each element matching `selector` lays out its text (a string, as the tests' TypeScript has no DOM types). */
function cellTexts(page: Page, selector: string): Promise<CellText[]> {
  return page.evaluate<CellText[]>(`Array.from(document.querySelectorAll(${JSON.stringify(selector)}), (cell) => {
    // Lines of the text nodes alone: a block holding the text has a top of its own.
    const tops = new Set()
    const splitWords = []
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
    const topsOf = (range) => new Set(Array.from(range.getClientRects()).filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)))
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange()
      range.selectNodeContents(node)
      for (const top of topsOf(range)) tops.add(top)
      for (const word of node.data.matchAll(/\\S+/g)) {
        range.setStart(node, word.index)
        range.setEnd(node, word.index + word[0].length)
        if (topsOf(range).size > 1) splitWords.push(word[0])
      }
    }
    const clipped = [cell, ...cell.querySelectorAll('*')].some((element) => element.scrollWidth > element.clientWidth + 1)
    return { text: cell.textContent.trim(), lines: tops.size, splitWords, clipped }
  })`)
}

/** Per model, the distinct tops of its buttons (one per line they take) and how far the last sticks out of the table's box unscrolled. */
function modelButtons(page: Page): Promise<Array<{ lines: number; beyondBox: number }>> {
  return page.evaluate(`Array.from(document.querySelectorAll('[data-testid=model-row]'), (row) => {
    const buttons = Array.from(row.querySelectorAll('button, label'), (button) => button.getBoundingClientRect())
    const box = row.closest('table').parentElement.getBoundingClientRect()
    return {
      lines: new Set(buttons.map((rect) => Math.round(rect.top))).size,
      beyondBox: Math.round(Math.max(0, ...buttons.map((rect) => rect.right - box.right))),
    }
  })`)
}

interface Reach {
  /** Whether the table is wider than its box (which then scrolls sideways). */
  wider: boolean
  /** Pixels of the last header outside what its table's box shows, once scrolled fully right (0: all of it in view). */
  hidden: number
  /** Whether the last header's own text is cut (wider than the header). */
  clipped: boolean
  /** Pixels the table's box sticks out of the page's width. */
  beyondPage: number
}

/**
 * Scrolls each table's box (its parent) fully right, and leaves it there, to measure its last header
 * against what the box and the page show.
 */
function lastHeaderReach(page: Page, tableSelector: string): Promise<Reach[]> {
  return page.evaluate<Reach[]>(`Array.from(document.querySelectorAll(${JSON.stringify(tableSelector)}), (table) => {
    const box = table.parentElement
    const wider = box.scrollWidth > box.clientWidth
    box.scrollLeft = box.scrollWidth
    const headers = table.querySelectorAll('thead th')
    const last = headers[headers.length - 1]
    const shown = box.getBoundingClientRect()
    const th = last.getBoundingClientRect()
    const pageWidth = document.documentElement.clientWidth
    const hidden = Math.max(0, th.right - Math.min(shown.right, pageWidth)) + Math.max(0, shown.left - th.left)
    return { wider, hidden: Math.round(hidden), clipped: last.scrollWidth > last.clientWidth + 1, beyondPage: Math.round(Math.max(0, shown.right - pageWidth)) }
  })`)
}

/** Headers and short names: one line, nothing cut. */
function expectOneLine(cells: CellText[], what: string): void {
  expect(cells.length, what).toBeGreaterThan(0)
  for (const cell of cells) {
    expect(cell.lines, `${what} 「${cell.text}」 wraps`).toBe(1)
    expect(cell.clipped, `${what} 「${cell.text}」 is cut`).toBe(false)
  }
}

/** Names people type: they may wrap at a space, never inside a word, and nothing is cut. */
function expectWordsWhole(cells: CellText[], what: string): void {
  expect(cells.length, what).toBeGreaterThan(0)
  for (const cell of cells) {
    expect(cell.splitWords, `${what} 「${cell.text}」 breaks inside a word`).toEqual([])
    expect(cell.clipped, `${what} 「${cell.text}」 is cut`).toBe(false)
  }
}

describe('wide tables at 1280 px, in Japanese and English (issue 14)', () => {
  let pilotIds: number[] = []
  beforeAll(async () => {
    pilotIds = await seedStore()
  }, 120_000)
  const go = (hash: string) => web.session.page.goto(`${web.app.url.replace(/#.*$/, '')}#${hash}`)

  it('keeps dataset and model names whole and each row’s buttons on one line on the Models page', async () => {
    const { page } = web.session
    await go('/models')
    for (const [dataset, kind] of [
      [SENSORS, 'mf'],
      [SENSORS, 'bias'],
      [FAILURES, 'mf'],
    ] as const) {
      const before = await page.getByTestId('model-row').count()
      await page.getByTestId('train-dataset').selectOption({ label: dataset })
      await page.getByTestId('train-kind').selectOption(kind)
      await page.getByTestId('train-start').click()
      await expect.poll(() => page.getByTestId('model-row').count(), { timeout: 180_000 }).toBe(before + 1)
      await expect.poll(() => page.getByTestId('train-start').isEnabled(), { timeout: 180_000 }).toBe(true)
    }
    for (const language of ['ja', 'en'] as const) {
      await page.getByTestId(`language-${language}`).click()
      await expect.poll(() => page.getByTestId('model-status').first().textContent()).toContain(language === 'ja' ? '使用可' : 'Ready')
      await screenshot(page, `models-wide-${language}`)
      expectOneLine(await cellTexts(page, '[data-testid=models-table] thead th'), 'header')
      const names = await cellTexts(page, '[data-testid=model-row] td.name')
      expect(names).toHaveLength(3)
      // Kept whole word by word, a name still reads (and copies) exactly as it was given.
      expect((await page.getByTestId('model-row').locator('td.name').allTextContents()).sort()).toEqual(
        [`通常の MF · ${FAILURES}`, `通常の MF · ${SENSORS}`, `行・列の偏り · ${SENSORS}`].sort(),
      )
      expectWordsWhole(names, 'model name')
      const datasets = await cellTexts(page, '[data-testid=model-dataset]')
      expect(datasets.map((cell) => cell.text).sort()).toEqual([FAILURES, SENSORS, SENSORS])
      expectOneLine(datasets, 'dataset name')
      // Each model's buttons on one line, in view without scrolling sideways at a laptop's width.
      expect(await modelButtons(page)).toEqual([1, 2, 3].map(() => ({ lines: 1, beyondBox: 0 })))
      // Should the table outgrow its box, it scrolls sideways inside it and its last column can be reached.
      expect(await lastHeaderReach(page, '[data-testid=models-table]')).toMatchObject([{ hidden: 0, clipped: false, beyondPage: 0 }])
    }
  }, 600_000)

  it('lets every column header of the compare view be scrolled into view unclipped, names on one line', async () => {
    const { page } = web.session
    for (const language of ['ja', 'en'] as const) {
      await go(`/pilots/compare?a=${pilotIds[0]}&b=${pilotIds[1]}`)
      await page.getByTestId(`language-${language}`).click()
      await expect.poll(() => page.getByTestId('metrics-table').count(), { timeout: 30_000 }).toBe(2)
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language)
      await page.waitForTimeout(300) // let the verdict cards settle
      await screenshot(page, `compare-wide-${language}`)
      const tables = '[data-testid=pilot-compare] [data-testid=metrics-table]'
      expectOneLine(await cellTexts(page, `${tables} thead th`), 'header')
      expectOneLine(await cellTexts(page, `${tables} td.name`), 'model name')
      expectWordsWhole(await cellTexts(page, '[data-testid=pilot-compare] h2'), 'pilot name')
      // The failure table's seven columns do not fit half the page: its box scrolls, and its last header comes fully into view.
      expect(await lastHeaderReach(page, tables)).toEqual([
        { wider: expect.any(Boolean), hidden: 0, clipped: false, beyondPage: 0 },
        { wider: true, hidden: 0, clipped: false, beyondPage: 0 },
      ])
      await screenshot(page, `compare-wide-${language}-scrolled`)
    }
  }, 300_000)
})
