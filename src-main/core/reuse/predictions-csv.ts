import { writeAtomically } from '../files/atomic-output.js'
import { csvField, type CsvTextOptions } from '../files/csv-field.js'
import { openTextOutput } from '../files/text-output.js'
import type { NewRowPredictions } from './predict.js'

/** The header of a predictions file; a stable interface (scripts read these files). */
export const PREDICTION_COLUMNS = ['row', 'column', 'value', 'observed', 'model'] as const

export interface PredictionsCsvOptions extends CsvTextOptions {
  signal?: AbortSignal
}

/**
 * Writes predictions in long form, one line per cell of the new rows:
 *   row       the row label from the file
 *   column    the model's column label
 *   value     observed value (observed = 1) or the model's prediction (observed = 0), in original
 *             units (a probability for 0/1 data), shortest exact decimal form
 *   observed  1 if the file had the cell, 0 if it is predicted
 *   model     the model's id (see `nnmf-workbench models`)
 * UTF-8 with a BOM and CRLF line ends, so Excel on Japanese Windows reads labels correctly rather
 * than as Shift_JIS. Labels are formula-guarded unless `rawLabels` (csvField). Written to a
 * temporary file and renamed, so a failure (disk full included) leaves no partial file.
 */
export async function writePredictionsCsv(outPath: string, predictions: NewRowPredictions, options: PredictionsCsvOptions = {}): Promise<void> {
  await writeAtomically(outPath, async (temp) => {
    const out = openTextOutput(temp)
    try {
      await out.write('\uFEFF' + PREDICTION_COLUMNS.join(',') + '\r\n')
      const rowText = predictions.rowLabels.map((l) => csvField(l, options))
      const colText = predictions.columnLabels.map((l) => csvField(l, options))
      const model = String(predictions.model.id)
      let chunk = ''
      for (let i = 0; i < predictions.value.length; i++) {
        const v = predictions.value[i]!
        chunk += `${rowText[predictions.row[i]!]},${colText[predictions.column[i]!]},${Number.isFinite(v) ? String(v) : ''},${predictions.observed[i]},${model}\r\n`
        if (chunk.length > 1 << 16) {
          options.signal?.throwIfAborted()
          await out.write(chunk)
          chunk = ''
        }
      }
      await out.write(chunk)
      await out.end()
    } catch (error) {
      await out.destroy()
      throw error
    }
  })
}
