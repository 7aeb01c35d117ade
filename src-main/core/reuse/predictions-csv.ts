import fs from 'node:fs'
import type { NewRowPredictions } from './predict.js'

/** The header of a predictions file; a stable interface (scripts read these files). */
export const PREDICTION_COLUMNS = ['row', 'column', 'value', 'observed', 'model'] as const

/** Quotes a field only when it must be (delimiter, quote, line break or edge spaces). */
function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
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
 * than as Shift_JIS. Written to a temporary file and renamed, so a failure leaves no partial file.
 */
export async function writePredictionsCsv(outPath: string, predictions: NewRowPredictions, signal?: AbortSignal): Promise<void> {
  const tmp = `${outPath}.${process.pid}.tmp`
  const out = fs.createWriteStream(tmp, { encoding: 'utf8' })
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve)
    out.on('error', reject)
  })
  finished.catch(() => undefined) // awaited below; a write error surfaces there
  try {
    const write = async (text: string): Promise<void> => {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve))
    }
    await write('\uFEFF' + PREDICTION_COLUMNS.join(',') + '\r\n')
    const rowText = predictions.rowLabels.map(csvField)
    const colText = predictions.columnLabels.map(csvField)
    const model = String(predictions.model.id)
    let chunk = ''
    for (let i = 0; i < predictions.value.length; i++) {
      const v = predictions.value[i]!
      chunk += `${rowText[predictions.row[i]!]},${colText[predictions.column[i]!]},${Number.isFinite(v) ? String(v) : ''},${predictions.observed[i]},${model}\r\n`
      if (chunk.length > 1 << 16) {
        signal?.throwIfAborted()
        await write(chunk)
        chunk = ''
      }
    }
    await write(chunk)
    out.end()
    await finished
    fs.renameSync(tmp, outPath)
  } catch (error) {
    out.destroy()
    fs.rmSync(tmp, { force: true })
    throw error
  }
}
