import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MetricName } from '../../../src-main/core/pilot/compare.js'
import { renderPilotReport, reportMetrics } from '../../../src-main/core/report/render-report.js'
import { removeTempDirs, runStoredPilot, type StoredPilot } from './pilot-fixture.js'

let numeric: StoredPilot
let binary: StoredPilot
beforeAll(async () => {
  numeric = await runStoredPilot('numeric')
  binary = await runStoredPilot('binary')
})
afterAll(() => {
  numeric.db.close()
  binary.db.close()
  removeTempDirs()
})

/** The report's metric format, written out here on its own: 4 significant digits. */
const p4 = (x: number): string => x.toPrecision(4)

/** Text of the table with the given class, tags stripped, one string per row, cells joined by "|". */
function tableRows(html: string, className: string): string[] {
  const table = html.match(new RegExp(`<table class="${className}">([\\s\\S]*?)</table>`))?.[1]
  if (!table) throw new Error(`no table ${className}`)
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()).join('|'),
  )
}

/** Every mean and interval bound of the results, as the report must print them. */
function expectedMetricCells(s: StoredPilot): string[][] {
  const result = s.pilot.result!
  return result.summary.map((summary) => reportMetrics(result).map((m: MetricName) => {
    const i = summary.metrics[m]!
    return `${p4(i.mean)} [${p4(i.low)}, ${p4(i.high)}]`
  }))
}

describe('renderPilotReport', () => {
  it('prints every stored metric (mean and 95% interval) exactly as formatted, in both languages', () => {
    for (const s of [numeric, binary]) {
      for (const language of ['ja', 'en'] as const) {
        const html = renderPilotReport({ pilot: s.pilot, dataset: s.dataset, language })
        const rows = tableRows(html, 'metrics')
        const expected = expectedMetricCells(s)
        expect(rows).toHaveLength(expected.length + 1)
        expected.forEach((cells, k) => expect(rows[k + 1]!.split('|').slice(1)).toEqual(cells))
        // The paired comparison, repeat by repeat, from the stored per-repeat scores.
        const c = s.pilot.result!.comparison!
        expect(tableRows(html, 'paired').slice(1)).toEqual(c.mf.map((mf, i) => `${i + 1}|${p4(mf)}|${p4(c.nnmf[i]!)}|${p4(c.nnmf[i]! - mf)}`))
        expect(html).toContain(`${p4(c.test.meanDifference)} (`)
      }
    }
  })

  it('states the stored verdict in the chosen language, with the data check cautions as limits', () => {
    const result = numeric.pilot.result!
    const ja = renderPilotReport({ pilot: numeric.pilot, dataset: numeric.dataset, language: 'ja' })
    const en = renderPilotReport({ pilot: numeric.pilot, dataset: numeric.dataset, language: 'en' })
    const headline = { 'nnmf-better': ['NNMF のほうが良い', 'NNMF is better'], 'mf-better': ['通常の MF のほうが良い', 'Plain MF is better'], 'no-difference': ['意味のある差はない', 'No meaningful difference'] }
    const [jaHeadline, enHeadline] = headline[result.comparison!.verdict]
    expect(ja).toContain(`<p class="headline">${jaHeadline}</p>`)
    expect(en).toContain(`<p class="headline">${enHeadline}</p>`)
    expect(ja).toContain('<html lang="ja">')
    // 2,883-ish observed values: the data check's "few observations" caution is in the limits, with its number.
    expect(result.dataCheck.reasons.map((r) => r.code)).toContain('few-observations')
    expect(ja).toContain(`観測されている値は ${result.dataset.nObserved.toLocaleString('en-US')} 個で`)
    expect(en).toContain(`Only ${result.dataset.nObserved.toLocaleString('en-US')} values are observed`)
    expect(ja).toContain('炉センサー試験')
  })

  it('is one self-contained file: inline CSS and SVG charts, no scripts, no external resources', () => {
    const html = renderPilotReport({ pilot: numeric.pilot, dataset: numeric.dataset, language: 'ja' })
    // url(#…) are the SVGs' own clip paths; anything else would be an external resource.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\((?!#)|src=/i)
    expect(html).not.toMatch(/href="http/)
    // Metric comparison, predicted vs actual, learning curves, per-column breakdown.
    expect(html.match(/<svg /g)?.length).toBe(4)
    expect(html).toContain("'Noto Sans CJK JP'")
    expect(html).toMatch(/@page \{ size: A4/)
    const binaryHtml = renderPilotReport({ pilot: binary.pilot, dataset: binary.dataset, language: 'en' })
    expect(binaryHtml).toContain('Predicted probability against observed failure rate')
  })

  it('escapes names and refuses a pilot without a result', () => {
    const pilot = { ...numeric.pilot, name: '<b>A&B</b>' }
    const html = renderPilotReport({ pilot, dataset: null, language: 'en' })
    expect(html).toContain('&lt;b&gt;A&amp;B&lt;/b&gt;')
    expect(html).not.toContain('<b>A&B')
    expect(() => renderPilotReport({ pilot: { ...numeric.pilot, status: 'cancelled', result: null }, dataset: null, language: 'ja' })).toThrow(/no result/)
  })
})

