import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chooseNnmfEngine } from '../../src-main/core/models/nnmf/choose-engine.js'
import { defaultPilotConfig } from '../../src-main/core/pilot/config.js'
import { pilotEngineOf, runPilot } from '../../src-main/core/pilot/runner.js'
import { loadPilotInput } from '../../src-main/core/runs/pilot-run.js'
import { createRng } from '../../src-main/core/random.js'
import type { SparseMatrix } from '../../src-main/core/matrix/sparse.js'
import { writeDataset } from '../../src-main/core/store/datasets.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { createPilot, finishPilot } from '../../src-main/core/store/pilots.js'
import { useWebAppSession } from './helpers/session.js'
import { screenshot } from './helpers/web-app.js'

const web = useWebAppSession('charts', { locale: 'ja-JP' })
const SHOTS = process.env.NNMF_SHOTS_DIR

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300)
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
  else await screenshot(page, `charts-${name}`)
}

function matrixOf(nRows: number, nCols: number, cells: Array<[number, number, number]>): SparseMatrix {
  return {
    nRows,
    nCols,
    rows: Int32Array.from(cells, (c) => c[0]),
    cols: Int32Array.from(cells, (c) => c[1]),
    values: Float64Array.from(cells, (c) => c[2]),
  }
}

function store(name: string, matrix: SparseMatrix, colLabels: string[]): number {
  const db = openDatabase(web.app.dataDir)
  try {
    return writeDataset(db, {
      name,
      valueKind: 'numeric',
      layout: 'wide',
      rowLabels: Array.from({ length: matrix.nRows }, (_, i) => `r${i + 1}`),
      colLabels,
      matrix,
      provenance: { fileName: `${name}.csv`, fileSize: 0, sha256: '', options: {}, counts: {}, issues: [], startedAt: new Date(0).toISOString() },
    })
  } finally {
    db.close()
  }
}

/** A rating-like 3000 × 3000 table, 1.4 % filled uniformly at random (seeded). */
function sparseTable(): SparseMatrix {
  const rng = createRng(5)
  const cells: Array<[number, number, number]> = []
  for (let r = 0; r < 3000; r++) for (let c = 0; c < 3000; c++) if (rng.next() < 0.014) cells.push([r, c, 1 + Math.floor(rng.next() * 5)])
  return matrixOf(3000, 3000, cells)
}

/** Sensors in two units (near 20 and near 9000) and one column in a narrow range (21.6 to 21.60012). */
function mixedUnitsTable(): { matrix: SparseMatrix; labels: string[] } {
  const rng = createRng(8)
  const nCols = 12
  const v = Array.from({ length: nCols * 2 }, () => rng.normal())
  const cells: Array<[number, number, number]> = []
  for (let r = 0; r < 300; r++) {
    const u = [rng.normal(), rng.normal()]
    for (let c = 0; c < nCols; c++) {
      if (rng.next() > 0.85) continue
      const signal = u[0]! * v[2 * c]! + u[1]! * v[2 * c + 1]! + 0.1 * rng.normal()
      const value = c === 0 ? 21.6 + 0.00012 * rng.next() : c % 2 === 0 ? 20 + signal : 9000 + 100 * signal
      cells.push([r, c, value])
    }
  }
  return { matrix: matrixOf(300, nCols, cells), labels: Array.from({ length: nCols }, (_, c) => `センサー${c + 1}`) }
}

/**
 * Share of the mask plot's rows (in twenty bands, top to bottom) whose pixels hold a clear blue, read
 * from the canvas: a map that stops early or is all but white shows as a band with none.
 */
async function maskInkByBand(page: Page): Promise<number[]> {
  return page.evaluate<number[]>(`(() => {
    // ECharts paints on more than one canvas layer (the heat map's squares may sit on their own): read them all.
    const canvases = [...document.querySelectorAll('[data-testid=mask] canvas')]
    const { width, height } = canvases[0]
    const layers = canvases.map((canvas) => canvas.getContext('2d').getImageData(0, 0, width, height).data)
    // The plot sits between the grid's margins (12 px top, 86 px bottom, 64 px left, 24 px right) at the device pixel ratio.
    const ratio = window.devicePixelRatio
    const top = Math.round(12 * ratio), bottom = height - Math.round(86 * ratio), left = Math.round(64 * ratio), right = width - Math.round(24 * ratio)
    const bands = new Array(20).fill(0), totals = new Array(20).fill(0)
    for (let y = top; y < bottom; y++) {
      const band = Math.min(19, Math.floor((20 * (y - top)) / (bottom - top)))
      for (let x = left; x < right; x += 4) {
        const i = 4 * (y * width + x)
        totals[band]++
        // Clearly blue: well below the palest shade (241, 244, 248) in red.
        if (layers.some((pixels) => pixels[i + 3] > 200 && pixels[i] < 200 && pixels[i + 2] > pixels[i])) bands[band]++
      }
    }
    return bands.map((b, k) => b / totals[k])
  })()`)
}

describe('charts read right', () => {
  it('draws the observed-cells map of a 3000-row table 1.4 % filled over all its rows, visibly, and one bar per rating, in Japanese and English', async () => {
    const id = store(
      '評価表',
      sparseTable(),
      Array.from({ length: 3000 }, (_, c) => `c${c + 1}`),
    )
    const { page } = web.session
    for (const language of ['ja', 'en'] as const) {
      await page.goto(`${web.app.url.replace(/#.*$/, '')}#/datasets/${id}`)
      await page.getByTestId(`language-${language}`).click()
      await expect.poll(() => page.getByTestId('mask-explain').isVisible(), { timeout: 60_000 }).toBe(true)
      // Every twentieth of the rows gets painted a clear blue (polled: a large map may take a few frames).
      await expect.poll(async () => Math.min(...(await maskInkByBand(page))), { timeout: 15_000 }).toBeGreaterThan(0.3)
      // Ratings 1 to 5 get one bar each, labelled by the rating, not half-rating ranges such as "2.5 – 3" (issue 14).
      const bins = page.getByTestId('value-histogram-bin').locator('td:first-child')
      await expect.poll(() => bins.allTextContents(), { timeout: 30_000 }).toEqual(['1', '2', '3', '4', '5'])
      expect(await page.getByTestId('value-histogram').locator('th').first().textContent()).toBe({ ja: '値', en: 'Value' }[language])
      await shot(page, `sparse-mask-${language}`)
    }
  })

  it('labels histogram bins apart, shows predicted against actual in standard units and the heat-map scale, in both languages', async () => {
    const { matrix, labels } = mixedUnitsTable()
    const id = store('混在単位', matrix, labels)
    const db = openDatabase(web.app.dataDir)
    let pilotId: number
    try {
      const { summary, input } = loadPilotInput(db, id)
      const config = defaultPilotConfig(id)
      const engine = await chooseNnmfEngine(config.engine)
      const result = await runPilot(input, config, { engine: pilotEngineOf(engine) })
      expect(result.scaled).toBe(true)
      pilotId = createPilot(db, { config: result.config, dataHash: summary.dataHash, name: '混在単位 · お試し' })
      finishPilot(db, pilotId, result)
    } finally {
      db.close()
    }
    const { page } = web.session
    const words = {
      ja: { standard: /列ごとの標準単位/, scale: /平均絶対誤差（列ごとの標準単位/ },
      en: { standard: /standard units/, scale: /mean absolute error of the block, in standard units/ },
    }
    for (const language of ['ja', 'en'] as const) {
      await page.goto(`${web.app.url.replace(/#.*$/, '')}#/datasets/${id}`)
      await page.getByTestId(`language-${language}`).click()
      await expect.poll(() => page.getByTestId('value-histogram-bin').count(), { timeout: 30_000 }).toBeGreaterThan(3)
      const bins = await page.getByTestId('value-histogram-bin').locator('td:first-child').allTextContents()
      for (const bin of bins) {
        const [lo, hi] = bin.split(' – ')
        expect(lo).not.toBe(hi)
      }
      expect(new Set(bins).size).toBe(bins.length)
      await shot(page, `narrow-histogram-${language}`)

      await page.goto(`${web.app.url.replace(/#.*$/, '')}#/pilots/${pilotId!}`)
      await expect.poll(() => page.getByTestId('scatter-standard-note').textContent(), { timeout: 30_000 }).toMatch(words[language].standard)
      expect(await page.getByTestId('heatmap-scale').first().textContent()).toMatch(words[language].scale)
      await shot(page, `mixed-units-results-${language}`)
    }
  })
})
