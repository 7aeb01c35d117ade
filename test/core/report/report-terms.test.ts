import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderPilotReport } from '../../../src-main/core/report/render-report.js'
import { removeTempDirs, runStoredPilot, type StoredPilot } from './pilot-fixture.js'

let numeric: StoredPilot
beforeAll(async () => {
  numeric = await runStoredPilot('numeric')
})
afterAll(() => {
  numeric.db.close()
  removeTempDirs()
})

/** The run-details list of the report as "term: value" lines, tags stripped. */
function details(html: string): string {
  const sections = [...html.matchAll(/<section>([\s\S]*?)<\/section>/g)].map((m) => m[1]!)
  const last = sections.at(-1)!
  return last
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
}

describe('report run details', () => {
  it('words the status, the engine and the durations in the report language (issue 14 item 3)', () => {
    const pilot = {
      ...numeric.pilot,
      result: {
        ...numeric.pilot.result!,
        engine: { name: 'fastcpu', label: 'CPU fast path (WebAssembly SIMD, 2 threads)', backend: 'wasm' },
        timing: { ...numeric.pilot.result!.timing, totalSeconds: 127 },
      },
    }
    const ja = details(renderPilotReport({ pilot, dataset: numeric.dataset, language: 'ja' }))
    expect(ja).toContain('完了')
    expect(ja).toContain('CPU 高速経路（WebAssembly SIMD、2 スレッド）')
    expect(ja).toContain('2 分 07 秒')
    expect(ja).not.toMatch(/\bcomplete\b|\bmin\b|CPU fast path|\d s\b/)
    const en = details(renderPilotReport({ pilot, dataset: numeric.dataset, language: 'en' }))
    expect(en).toContain('Complete')
    expect(en).toContain('CPU fast path (WebAssembly SIMD, 2 threads)')
    expect(en).toContain('2 min 07 s')
  })

  it('draws predicted against actual in standard units when the pilot scaled mixed-unit columns, and says so (issue 14 item 9)', () => {
    const result = numeric.pilot.result!
    for (const language of ['ja', 'en'] as const) {
      const words =
        language === 'ja'
          ? { caption: '列ごとの標準単位', axis: '実測値（列ごとの標準単位）' }
          : { caption: 'standard units', axis: 'Actual (standard units of its column)' }
      const scaled = renderPilotReport({ pilot: { ...numeric.pilot, result: { ...result, scaled: true } }, dataset: numeric.dataset, language })
      expect(scaled).toContain(words.axis)
      expect(scaled).toContain(words.caption)
      const plain = renderPilotReport({ pilot: { ...numeric.pilot, result: { ...result, scaled: false } }, dataset: numeric.dataset, language })
      expect(plain).not.toContain(words.axis)
    }
  })
})
