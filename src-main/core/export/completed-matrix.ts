import type { Db } from '../store/open.js'
import { writeAtomically } from '../files/atomic-output.js'
import { completedBlocks } from './cell-blocks.js'
import { csvField, csvNumber, openCsvWriter, type CsvTextOptions } from './csv-writer.js'
import { addLegendSheet } from './legend-sheet.js'
import { openExportSource, type ExportSource, type ModelOpenOptions } from './model-source.js'
import type { ExportLanguage } from './texts.js'
import { addRow, addSheetWithHeader, longSheets, openXlsxWriter, PREDICTED_STYLE, xlsxNumber, XLSX_MAX_COLUMNS, XLSX_MAX_ROWS } from './xlsx-writer.js'

/**
 * The completed matrix: every cell of the dataset's rows × columns, observed cells with their
 * stored value, missing cells with the model's prediction (original units; probabilities for 0/1
 * data). File formats: see README.md in this folder.
 */
export type ExportFormat = 'csv' | 'xlsx'

export interface CompletedMatrixOptions extends ModelOpenOptions, CsvTextOptions {
  format: ExportFormat
  layout: 'wide' | 'long'
  /** Language of the XLSX legend sheet; default English. */
  language?: ExportLanguage
  signal?: AbortSignal
  /** For tests: the time written into the legend. */
  now?: () => Date
}

export interface ExportSummary {
  path: string
  cells: number
  observed: number
  predicted: number
}

export const LONG_COLUMNS = ['row', 'column', 'value', 'source', 'model'] as const

export async function exportCompletedMatrix(db: Db, modelId: number, options: CompletedMatrixOptions, outPath: string): Promise<ExportSummary> {
  const source = await openExportSource(db, [modelId], options)
  try {
    const { nRows, nCols, values } = source.dataset.matrix
    if (options.format === 'xlsx' && (nCols + 1 > XLSX_MAX_COLUMNS || (options.layout === 'wide' && nRows + 1 > XLSX_MAX_ROWS))) {
      throw new Error(
        `A ${nRows} × ${nCols} matrix does not fit an Excel sheet (at most ${XLSX_MAX_ROWS - 1} rows and ${XLSX_MAX_COLUMNS - 1} columns); export it as CSV`,
      )
    }
    await writeAtomically(outPath, (temp) => (options.format === 'csv' ? writeCsv(source, options, temp) : writeXlsx(source, options, temp)))
    const cells = nRows * nCols
    return { path: outPath, cells, observed: values.length, predicted: cells - values.length }
  } finally {
    source.dispose()
  }
}

async function writeCsv(source: ExportSource, options: CompletedMatrixOptions, file: string): Promise<void> {
  const { matrix, rowLabels, colLabels } = source.dataset
  const { tag, predictor } = source.models[0]!
  const out = openCsvWriter(file, options)
  try {
    const nCols = matrix.nCols
    const quotedCols = colLabels.map((l) => csvField(l, options))
    const quotedTag = csvField(tag, options)
    if (options.layout === 'wide') await out.row(['row', ...colLabels])
    else await out.row([...LONG_COLUMNS])
    for await (const block of completedBlocks(matrix, predictor)) {
      options.signal?.throwIfAborted()
      for (let r = block.rowStart; r < block.rowEnd; r++) {
        const base = (r - block.rowStart) * nCols
        const label = csvField(rowLabels[r]!, options)
        if (options.layout === 'wide') {
          let line = label
          for (let c = 0; c < nCols; c++) line += ',' + csvNumber(block.values[base + c]!)
          await out.line(line)
        } else {
          for (let c = 0; c < nCols; c++) {
            const observed = block.observed[base + c] === 1
            await out.line(`${label},${quotedCols[c]},${csvNumber(block.values[base + c]!)},${observed ? 'observed,' : 'predicted,' + quotedTag}`)
          }
        }
      }
    }
    await out.close()
  } catch (error) {
    await out.destroy()
    throw error
  }
}

/**
 * Sheets: wide layout → "matrix" (predicted cells styled), "legend", "long"; long layout → "long",
 * "legend". The long sheet continues on "long 2", ... past Excel's row limit. The matrix is walked
 * twice (predictions are deterministic) rather than held, so memory stays at one block.
 */
async function writeXlsx(source: ExportSource, options: CompletedMatrixOptions, file: string): Promise<void> {
  const { matrix, rowLabels, colLabels, summary } = source.dataset
  const model = source.models[0]!
  const workbook = openXlsxWriter(file)
  const nCols = matrix.nCols
  if (options.layout === 'wide') {
    const sheet = addSheetWithHeader(workbook, 'matrix', ['row', ...colLabels], true)
    for await (const block of completedBlocks(matrix, model.predictor)) {
      options.signal?.throwIfAborted()
      for (let r = block.rowStart; r < block.rowEnd; r++) {
        const base = (r - block.rowStart) * nCols
        const values: (string | number | null)[] = [rowLabels[r]!]
        for (let c = 0; c < nCols; c++) values.push(xlsxNumber(block.values[base + c]!))
        addRow(sheet, values, (c) => (c > 0 && block.observed[base + c - 1] === 0 ? PREDICTED_STYLE : undefined))
      }
    }
    sheet.commit()
  }
  const writeLegend = (): void =>
    addLegendSheet(workbook, options.language ?? 'en', {
      title: 'completedTitle',
      datasetName: summary.name,
      valueKind: summary.valueKind,
      models: [{ tag: model.tag, name: model.record.name }],
      exportedAt: (options.now ?? (() => new Date()))(),
      showCellStyles: true,
      columns: LONG_COLUMNS,
      notes: ['longColumns'],
    })
  if (options.layout === 'wide') writeLegend()
  const long = longSheets(workbook, 'long', LONG_COLUMNS)
  for await (const block of completedBlocks(matrix, model.predictor)) {
    options.signal?.throwIfAborted()
    for (let r = block.rowStart; r < block.rowEnd; r++) {
      const base = (r - block.rowStart) * nCols
      for (let c = 0; c < nCols; c++) {
        const observed = block.observed[base + c] === 1
        const value = xlsxNumber(block.values[base + c]!)
        if (observed) long.add([rowLabels[r]!, colLabels[c]!, value, 'observed', null])
        else long.add([rowLabels[r]!, colLabels[c]!, value, 'predicted', model.tag], 2, PREDICTED_STYLE)
      }
    }
  }
  long.commit()
  if (options.layout === 'long') writeLegend()
  await workbook.commit()
}
