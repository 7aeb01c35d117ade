import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verdictWords } from '../../../src-main/core/pilot/verdict-words.js'
import { printHtmlToPdf } from '../../../src-main/core/report/pdf.js'
import { renderPilotReport, reportMetrics } from '../../../src-main/core/report/render-report.js'
import { removeTempDirs, runStoredPilot, tempDir, type StoredPilot } from './pilot-fixture.js'

let numeric: StoredPilot
beforeAll(async () => {
  numeric = await runStoredPilot('numeric')
})
afterAll(() => {
  numeric.db.close()
  removeTempDirs()
})

/** Every mean and interval bound of the results, at 4 significant digits as the report prints them. */
function expectedMetricCells(s: StoredPilot): string[][] {
  const result = s.pilot.result!
  return result.summary.map((summary) =>
    reportMetrics(result).map((m) => {
      const i = summary.metrics[m]!
      return `${i.mean.toPrecision(4)} [${i.low.toPrecision(4)}, ${i.high.toPrecision(4)}]`
    }),
  )
}

describe('printHtmlToPdf', () => {
  it("prints A4 pages through headless Chromium whose text holds the verdict's words and the metrics, with a Japanese font available", async () => {
    const dir = tempDir()
    // Both languages (one Chromium run each, ~15 s on 2 busy cores): the verdict is worded per language.
    for (const language of ['ja', 'en'] as const) {
      const htmlPath = path.join(dir, `report-${language}.html`)
      const pdfPath = path.join(dir, `レポート-${language}.pdf`)
      fs.writeFileSync(htmlPath, renderPilotReport({ pilot: numeric.pilot, dataset: numeric.dataset, language }))
      await printHtmlToPdf(htmlPath, pdfPath)
      const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' })
      const pages = Number(info.match(/Pages:\s+(\d+)/)![1])
      expect(pages).toBeGreaterThanOrEqual(3)
      expect(info).toMatch(/Page size:.*\(A4\)/)
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdfPath, path.join(dir, `page-${language}`)])
      const pngs = fs.readdirSync(dir).filter((f) => f.startsWith(`page-${language}`) && f.endsWith('.png'))
      expect(pngs).toHaveLength(2)
      for (const png of pngs) expect(fs.statSync(path.join(dir, png)).size).toBeGreaterThan(5000)
      const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })
      // The verdict exactly as verdictWords words it; line breaks and layout spaces aside.
      const words = verdictWords(numeric.pilot.result!, language)!
      const squeeze = (t: string): string => t.replace(/\s+/g, '')
      expect(text).toContain(words.headline)
      expect(squeeze(text)).toContain(squeeze(words.sentence))
      expect(squeeze(text)).toContain(squeeze(words.advice))
      for (const cells of expectedMetricCells(numeric))
        for (const cell of cells) for (const number of cell.match(/-?[\d.]+(e[+-]\d+)?/g)!) expect(text).toContain(number)
      if (language === 'ja') {
        expect(text).toContain('モデルごとの成績')
        // Chromium embeds unnamed Type 3 fonts, so the PDF cannot tell which font drew the glyphs.
        // What it can check: a font covering Japanese is installed for Chromium to use (CI installs
        // fonts-noto-cjk). That the glyphs are real, not boxes, was checked by eye on a rendered page.
        expect(execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' })).toMatch(/Noto Sans CJK JP/)
      }
    }
    // The temporary PDF was renamed into place.
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([])
  })

  it('says clearly when the browser path is wrong', async () => {
    const dir = tempDir()
    const htmlPath = path.join(dir, 'r.html')
    fs.writeFileSync(htmlPath, '<p>x</p>')
    await expect(printHtmlToPdf(htmlPath, path.join(dir, 'r.pdf'), { chromiumPath: path.join(dir, 'no-such-browser') })).rejects.toThrow(
      /No Chromium, Chrome or Edge browser was found.*CHROMIUM_PATH/,
    )
    expect(fs.existsSync(path.join(dir, 'r.pdf'))).toBe(false)
  })
})
