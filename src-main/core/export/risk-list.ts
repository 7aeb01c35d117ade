import type { Db } from '../store/open.js'
import { writeAtomically } from '../files/atomic-output.js'
import { missingBlocks } from './cell-blocks.js'
import type { ExportFormat } from './completed-matrix.js'
import { openCsvWriter, type CsvTextOptions } from './csv-writer.js'
import { addLegendSheet } from './legend-sheet.js'
import { openExportSource, type ModelOpenOptions } from './model-source.js'
import type { ExportLanguage } from './texts.js'
import { longSheets, openXlsxWriter } from './xlsx-writer.js'

/**
 * For failure (0/1) matrices: the N unobserved (row, failure mode) cells with the highest
 * predicted probability, highest first; ties by row then column index, so the list is stable.
 * Columns: rank, row, failure_mode, probability, model (see README.md).
 */
export interface RiskListOptions extends ModelOpenOptions, CsvTextOptions {
  topN: number
  format?: ExportFormat
  language?: ExportLanguage
  signal?: AbortSignal
  now?: () => Date
}

export const RISK_COLUMNS = ['rank', 'row', 'failure_mode', 'probability', 'model'] as const

export interface RiskEntry {
  row: number
  col: number
  probability: number
}

/** True when a should come before b in the list. */
function before(a: RiskEntry, b: RiskEntry): boolean {
  if (a.probability !== b.probability) return a.probability > b.probability
  return a.row !== b.row ? a.row < b.row : a.col < b.col
}

/**
 * Keeps the best n entries seen so far in a binary min-heap (the worst kept one on top), so
 * ranking millions of cells costs O(cells · log n) time and O(n) memory.
 */
export class TopN {
  private readonly heap: RiskEntry[] = []
  constructor(private readonly n: number) {}

  offer(entry: RiskEntry): void {
    const h = this.heap
    if (Number.isNaN(entry.probability) || this.n <= 0) return
    if (h.length < this.n) {
      h.push(entry)
      let i = h.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!before(h[parent]!, h[i]!)) break
        ;[h[parent], h[i]] = [h[i]!, h[parent]!]
        i = parent
      }
    } else if (before(entry, h[0]!)) {
      h[0] = entry
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let worst = i
        if (l < h.length && before(h[worst]!, h[l]!)) worst = l
        if (r < h.length && before(h[worst]!, h[r]!)) worst = r
        if (worst === i) break
        ;[h[worst], h[i]] = [h[i]!, h[worst]!]
        i = worst
      }
    }
  }

  sorted(): RiskEntry[] {
    return [...this.heap].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0))
  }
}

export async function exportRiskList(db: Db, modelId: number, options: RiskListOptions, outPath: string): Promise<{ path: string; entries: RiskEntry[] }> {
  if (!Number.isInteger(options.topN) || options.topN < 1) throw new Error(`topN must be a positive whole number, got ${options.topN}`)
  const source = await openExportSource(db, [modelId], options)
  try {
    const { summary, rowLabels, colLabels, matrix } = source.dataset
    if (summary.valueKind !== 'binary') {
      throw new Error(`Dataset "${summary.name}" holds measurements, not 0/1 failures: a risk list needs a failure matrix`)
    }
    const model = source.models[0]!
    const top = new TopN(options.topN)
    for await (const block of missingBlocks(matrix, [model.predictor])) {
      options.signal?.throwIfAborted()
      const p = block.predictions[0]!
      for (let i = 0; i < block.rows.length; i++) top.offer({ row: block.rows[i]!, col: block.cols[i]!, probability: p[i]! })
    }
    const entries = top.sorted()
    const lines = entries.map((e, k) => [k + 1, rowLabels[e.row]!, colLabels[e.col]!, e.probability, model.tag] as const)
    await writeAtomically(outPath, async (temp) => {
      if ((options.format ?? 'csv') === 'csv') {
        const out = openCsvWriter(temp, options)
        try {
          await out.row([...RISK_COLUMNS])
          for (const line of lines) await out.row(line)
          await out.close()
        } catch (error) {
          await out.destroy()
          throw error
        }
        return
      }
      const workbook = openXlsxWriter(temp)
      const sheet = longSheets(workbook, 'risk', RISK_COLUMNS)
      for (const line of lines) sheet.add(line)
      sheet.commit()
      addLegendSheet(workbook, options.language ?? 'en', {
        title: 'riskTitle',
        datasetName: summary.name,
        valueKind: summary.valueKind,
        models: [{ tag: model.tag, name: model.record.name }],
        exportedAt: (options.now ?? (() => new Date()))(),
        showCellStyles: false,
        columns: RISK_COLUMNS,
        notes: ['riskNote'],
      })
      await workbook.commit()
    })
    return { path: outPath, entries }
  } finally {
    source.dispose()
  }
}
