import type { Db } from '../store/open.js'
import { writeAtomically } from '../files/atomic-output.js'
import { missingBlocks } from './cell-blocks.js'
import type { ExportFormat } from './completed-matrix.js'
import { csvField, csvNumber, openCsvWriter, type CsvTextOptions } from './csv-writer.js'
import { addLegendSheet } from './legend-sheet.js'
import { openExportSource, type ExportSource, type ModelOpenOptions } from './model-source.js'
import type { ExportLanguage } from './texts.js'
import { longSheets, openXlsxWriter, xlsxNumber } from './xlsx-writer.js'

/**
 * Predictions for the unobserved cells of a dataset, one line per cell (see README.md):
 * row, column, prediction, spread, n_models, model.
 * With one model, prediction is its prediction and spread is empty. With several models on the
 * same dataset (the repeats of a pilot, or MF and NNMF), prediction is their mean and spread the
 * sample standard deviation (n − 1) of their predictions for that cell: how much models trained
 * on the same data disagree, a rough measure of how uncertain the value is.
 */
export interface MissingPredictionsOptions extends ModelOpenOptions, CsvTextOptions {
  format: ExportFormat
  language?: ExportLanguage
  signal?: AbortSignal
  now?: () => Date
}

export const MISSING_COLUMNS = ['row', 'column', 'prediction', 'spread', 'n_models', 'model'] as const

export interface MissingSummary {
  path: string
  cells: number
  models: string[]
}

/** Mean and sample standard deviation (NaN below two) of one cell's predictions across models. */
export function meanAndSpread(predictions: readonly Float64Array[], i: number): { mean: number; spread: number } {
  const n = predictions.length
  let sum = 0
  for (const p of predictions) sum += p[i]!
  if (n === 1) return { mean: sum, spread: NaN }
  const mean = sum / n
  let ss = 0
  for (const p of predictions) ss += (p[i]! - mean) * (p[i]! - mean)
  return { mean, spread: Math.sqrt(ss / (n - 1)) }
}

export async function exportMissingPredictions(
  db: Db,
  modelIds: readonly number[],
  options: MissingPredictionsOptions,
  outPath: string,
): Promise<MissingSummary> {
  const source = await openExportSource(db, modelIds, options)
  try {
    const cells = await writeAtomically(outPath, (temp) => (options.format === 'csv' ? writeCsv(source, options, temp) : writeXlsx(source, options, temp)))
    return { path: outPath, cells, models: source.models.map((m) => m.tag) }
  } finally {
    source.dispose()
  }
}

/** The `model` field: the one model's tag, or "mean(mf#3,nnmf#4)" for several. */
function modelField(source: ExportSource): string {
  const tags = source.models.map((m) => m.tag)
  return tags.length === 1 ? tags[0]! : `mean(${tags.join(',')})`
}

async function* records(source: ExportSource, signal?: AbortSignal): AsyncGenerator<[number, number, number, number]> {
  const predictors = source.models.map((m) => m.predictor)
  for await (const block of missingBlocks(source.dataset.matrix, predictors)) {
    signal?.throwIfAborted()
    for (let i = 0; i < block.rows.length; i++) {
      const { mean, spread } = meanAndSpread(block.predictions, i)
      yield [block.rows[i]!, block.cols[i]!, mean, spread]
    }
  }
}

async function writeCsv(source: ExportSource, options: MissingPredictionsOptions, file: string): Promise<number> {
  const { rowLabels, colLabels } = source.dataset
  const out = openCsvWriter(file, options)
  try {
    await out.row([...MISSING_COLUMNS])
    const tail = `,${source.models.length},${csvField(modelField(source), options)}`
    let n = 0
    for await (const [r, c, mean, spread] of records(source, options.signal)) {
      await out.line(`${csvField(rowLabels[r]!, options)},${csvField(colLabels[c]!, options)},${csvNumber(mean)},${csvNumber(spread)}${tail}`)
      n++
    }
    await out.close()
    return n
  } catch (error) {
    await out.destroy()
    throw error
  }
}

async function writeXlsx(source: ExportSource, options: MissingPredictionsOptions, file: string): Promise<number> {
  const { rowLabels, colLabels, summary } = source.dataset
  const workbook = openXlsxWriter(file)
  const sheets = longSheets(workbook, 'predictions', MISSING_COLUMNS)
  const model = modelField(source)
  let n = 0
  for await (const [r, c, mean, spread] of records(source, options.signal)) {
    sheets.add([rowLabels[r]!, colLabels[c]!, xlsxNumber(mean), xlsxNumber(spread), source.models.length, model])
    n++
  }
  sheets.commit()
  addLegendSheet(workbook, options.language ?? 'en', {
    title: 'missingTitle',
    datasetName: summary.name,
    valueKind: summary.valueKind,
    models: source.models.map((m) => ({ tag: m.tag, name: m.record.name })),
    exportedAt: (options.now ?? (() => new Date()))(),
    showCellStyles: false,
    columns: MISSING_COLUMNS,
    notes: ['spreadNote'],
  })
  await workbook.commit()
  return n
}
