import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MetricName, NnmfVsMf } from '../../../src-main/core/pilot/compare.js'
import { verdictWords } from '../../../src-main/core/pilot/verdict-words.js'
import type { PilotRecordWithResult } from '../../../src-main/core/store/pilots.js'
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

/** A relative difference as the report prints it, written out here on its own: "−29.5%", "+0.800%". */
const signedPercent = (x: number): string => `${x < 0 ? '−' : x > 0 ? '+' : ''}${(Math.abs(x) * 100).toPrecision(3)}%`

/** HTML text escaping, written out here on its own (the verdict sentences hold apostrophes and quotes). */
const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** The conclusion box, charts left out. */
function conclusionOf(html: string): string {
  return html.match(/<section class="verdict[^"]*">([\s\S]*?)<\/section>/)![1]!.replace(/<svg[\s\S]*?<\/svg>/g, '')
}

/** The stored pilot with its comparison changed, to render the outcomes one planted table does not give. */
function withComparison(s: StoredPilot, change: Partial<NnmfVsMf>): PilotRecordWithResult {
  const result = s.pilot.result!
  return { ...s.pilot, result: { ...result, comparison: { ...result.comparison!, ...change } } }
}

/** Text of the table with the given class, tags stripped, one string per row, cells joined by "|". */
function tableRows(html: string, className: string): string[] {
  const table = html.match(new RegExp(`<table class="${className}">([\\s\\S]*?)</table>`))?.[1]
  if (!table) throw new Error(`no table ${className}`)
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)]
      .map((cell) =>
        cell[1]!
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .join('|'),
  )
}

/** Every mean and interval bound of the results, as the report must print them. */
function expectedMetricCells(s: StoredPilot): string[][] {
  const result = s.pilot.result!
  return result.summary.map((summary) =>
    reportMetrics(result).map((m: MetricName) => {
      const i = summary.metrics[m]!
      return `${p4(i.mean)} [${p4(i.low)}, ${p4(i.high)}]`
    }),
  )
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
        // The difference with its 95% interval, absolute and relative to MF, and how it was computed.
        const d = c.difference
        expect(html).toContain(`${p4(d.mean)} (`)
        expect(html).toContain(`[${p4(d.low)}, ${p4(d.high)}]`)
        expect(html).toContain(`<dd>${signedPercent(c.relativeDifference)}</dd>`)
        expect(html).toContain(`[${signedPercent(c.relativeInterval.low)}, ${signedPercent(c.relativeInterval.high)}]`)
        expect(html).toContain(`± ${p4(c.negligibleBand)}`)
        expect(c.method.name).toBe('row-bootstrap-with-repeats')
        const replicates = c.method.replicates.toLocaleString('en-US')
        expect(html).toContain(
          language === 'en'
            ? `Row bootstrap over the test rows (${replicates} replicates, ${c.method.rows} rows) combined with the spread between the ${c.method.repeats} repeats; Welch–Satterthwaite`
            : `評価用の行のブートストラップ（${replicates} 回の再抽出、${c.method.rows} 行）と ${c.method.repeats} 回の繰り返しのばらつき`,
        )
        // The p-value is labelled for what it is: no paired t-test is run any more.
        expect(html).not.toMatch(/paired t-test|対応のある t 検定/)
      }
    }
  })

  it("states the verdict exactly in verdictWords' words, in the chosen language, with the data check cautions as limits", () => {
    const result = numeric.pilot.result!
    const ja = renderPilotReport({ pilot: numeric.pilot, dataset: numeric.dataset, language: 'ja' })
    const en = renderPilotReport({ pilot: numeric.pilot, dataset: numeric.dataset, language: 'en' })
    for (const [language, html] of [
      ['ja', ja],
      ['en', en],
    ] as const) {
      const words = verdictWords(result, language)!
      const box = conclusionOf(html)
      expect(html).toContain(`<section class="verdict ${result.comparison!.verdict}">`)
      expect(box).toContain(`<p class="headline">${esc(words.headline)}</p>`)
      expect(box).toContain(`<p class="sentence">${esc(words.sentence)}</p>`)
      expect(box).toContain(`${esc(words.advice)}</p>`)
      // One piece of advice: the verdict's, once.
      expect(box.match(/class="advice"/g)).toHaveLength(1)
    }
    expect(ja).toContain('<html lang="ja">')
    // The data check line counts its findings instead of "no problems" next to a list of them.
    const findings = result.dataCheck.reasons.length
    expect(findings).toBeGreaterThan(0)
    expect(en).toMatch(new RegExp(`<dt>Data check</dt><dd>[^<]*\\(${findings} findings?, see`))
    expect(ja).toContain(`（指摘 ${findings} 件。`)
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
    // The difference's interval against the band, metric comparison, predicted vs actual, learning curves, per-column breakdown.
    expect(html.match(/<svg /g)?.length).toBe(5)
    expect(html).toContain("'Noto Sans CJK JP'")
    expect(html).toMatch(/@page \{ size: A4/)
    const binaryHtml = renderPilotReport({ pilot: binary.pilot, dataset: binary.dataset, language: 'en' })
    expect(binaryHtml).toContain('Predicted probability against observed failure rate')
  })

  it('words every outcome, its reasons and next step from verdictWords, and draws the interval against the band', () => {
    const c = numeric.pilot.result!.comparison!
    const variants: Partial<NnmfVsMf>[] = [
      {},
      { verdict: 'mf-better', relativeDifference: 0.08, relativeInterval: { low: 0.03, high: 0.13 }, reasons: [{ code: 'interval-above-band' }] },
      { verdict: 'equivalent', relativeDifference: 0.002, relativeInterval: { low: -0.006, high: 0.009 }, reasons: [{ code: 'interval-inside-band' }] },
      {
        verdict: 'inconclusive',
        relativeDifference: -0.04,
        relativeInterval: { low: -0.09, high: 0.012 },
        reasons: [{ code: 'interval-crosses-band' }, { code: 'still-improving', model: 'nnmf', repeats: 2, of: 3 }],
        nextStep: { longerEffort: { effort: 'standard', seconds: 420 }, moreData: true },
      },
    ]
    for (const change of variants) {
      const pilot = withComparison(numeric, change)
      const verdict = pilot.result!.comparison!.verdict
      for (const language of ['ja', 'en'] as const) {
        const html = renderPilotReport({ pilot, dataset: numeric.dataset, language })
        const words = verdictWords(pilot.result!, language)!
        const box = conclusionOf(html)
        expect(html).toContain(`<section class="verdict ${verdict}">`)
        expect(box).toContain(`<p class="headline">${esc(words.headline)}</p>`)
        expect(box).toContain(`<p class="sentence">${esc(words.sentence)}</p>`)
        expect(box).toContain(`${esc(words.advice)}</p>`)
        expect(words.reasons).toHaveLength(verdict === 'inconclusive' ? 1 : 0)
        for (const reason of words.reasons) expect(box).toContain(`<li>${esc(reason)}</li>`)
        // The next step, once, for an inconclusive verdict only.
        expect(words.nextStep === null).toBe(verdict !== 'inconclusive')
        if (words.nextStep) {
          expect(box).toContain(`<p class="next-step">${esc(words.nextStep)}</p>`)
          expect(box.split(esc(words.nextStep)).length - 1).toBe(1)
        } else expect(box).not.toContain('next-step')
        // The comparison facts name the verdict by the same headline.
        expect(html).toMatch(new RegExp(`<dt>(Verdict|判定)</dt><dd>${esc(words.headline).replace(/[()（）]/g, '\\$&')}</dd>`))
        // The chart: the mean and both ends of the interval as labels, the band with its width.
        const chart = html.match(/<figure class="interval-chart">([\s\S]*?)<\/figure>/)![1]!
        expect(chart).toContain('<svg ')
        for (const x of [
          pilot.result!.comparison!.relativeDifference,
          pilot.result!.comparison!.relativeInterval.low,
          pilot.result!.comparison!.relativeInterval.high,
        ]) {
          expect(chart).toContain(`>${signedPercent(x)}</text>`)
        }
        expect(chart).toContain(language === 'en' ? 'negligible ±1.00%' : '無視できる差 ±1.00%')
        expect(chart).toContain(language === 'en' ? '← NNMF better' : '← NNMF が良い')
      }
    }
    expect(c.verdict).toBe('nnmf-better')
  })

  it('describes the four-outcome rule, and words the legacy caveat in both languages', () => {
    const legacy = withComparison(numeric, {
      method: { name: 'legacy-t-interval', replicates: 0, rows: 0, repeats: 3 },
      caveats: [...numeric.pilot.result!.comparison!.caveats, { code: 'legacy-statistics' }],
    })
    const en = renderPilotReport({ pilot: numeric.pilot, dataset: numeric.dataset, language: 'en' })
    expect(en).toContain(
      'If the whole interval lies below −1.00%, the verdict is &quot;NNMF is better&quot;; above +1.00%, &quot;Plain MF is better&quot;; wholly inside ±1.00%, &quot;No meaningful difference&quot;; if it crosses an edge of the band, &quot;Inconclusive',
    )
    expect(en).not.toMatch(/p &lt; 0\.05|significance level/)
    const ja = renderPilotReport({ pilot: numeric.pilot, dataset: numeric.dataset, language: 'ja' })
    expect(ja).toContain('区間全体が −1.00% より下なら「NNMF のほうが良い」')
    const legacyEn = renderPilotReport({ pilot: legacy, dataset: numeric.dataset, language: 'en' })
    const legacyJa = renderPilotReport({ pilot: legacy, dataset: numeric.dataset, language: 'ja' })
    expect(legacyEn).toMatch(/<li class="severity-caution">This result was stored by an earlier version[^<]*run the pilot again/)
    expect(legacyJa).toMatch(/<li class="severity-caution">この結果は以前のバージョンで保存されました[^<]*もう一度実行してください/)
    expect(legacyEn).toContain('t-interval over the 3 splits')
    expect(legacyEn).toContain('its intervals come from the spread between repeats only')
    expect(en).not.toContain('earlier version')
  })

  it("words the compute backend in the report's language, never the library's code ('wasm'), and run facts as the app does", () => {
    const ja = renderPilotReport({ pilot: numeric.pilot, dataset: numeric.dataset, language: 'ja' })
    const en = renderPilotReport({ pilot: numeric.pilot, dataset: numeric.dataset, language: 'en' })
    expect(numeric.pilot.result!.engine!.backend).toBe('wasm')
    expect(ja).toContain('<dt>計算バックエンド</dt><dd>TensorFlow.js WebAssembly（CPU）</dd>')
    // Effort and seed named as the app's results page names them.
    expect(ja).toMatch(/<dt>手間<\/dt><dd>(お試し|標準|念入り)<\/dd>/)
    expect(ja).toMatch(/<dt>シード<\/dt><dd>\d+<\/dd>/)
    expect(en).toContain('<dt>Compute backend</dt><dd>TensorFlow.js WebAssembly (CPU)</dd>')
  })

  it('escapes names and refuses a pilot without a result', () => {
    const pilot = { ...numeric.pilot, name: '<b>A&B</b>' }
    const html = renderPilotReport({ pilot, dataset: null, language: 'en' })
    expect(html).toContain('&lt;b&gt;A&amp;B&lt;/b&gt;')
    expect(html).not.toContain('<b>A&B')
    expect(() => renderPilotReport({ pilot: { ...numeric.pilot, status: 'cancelled', result: null }, dataset: null, language: 'ja' })).toThrow(/no result/)
  })
})
