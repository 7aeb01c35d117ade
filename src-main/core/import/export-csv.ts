import fs from 'node:fs'
import { loadMatrix } from '../store/datasets.js'
import type { Db } from '../store/open.js'

/** Quotes a CSV field only when it must be (delimiter, quote, line break or edge spaces). */
function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Writes a dataset back as a wide UTF-8 CSV (no BOM, LF): a header row with the column labels, one
 * row per row label, missing cells empty. Numbers are written in their shortest exact form, so
 * importing the file again gives the same matrix.
 */
export async function exportDatasetCsv(db: Db, datasetId: number, outPath: string): Promise<void> {
  const { matrix, rowLabels, colLabels } = loadMatrix(db, datasetId)
  const out = fs.createWriteStream(outPath, { encoding: 'utf8' })
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve)
    out.on('error', reject)
  })
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve))
  }
  // The key column's header is not a column key, so any name works; "row" reads naturally.
  await write(['row', ...colLabels].map(csvField).join(',') + '\n')
  const cells: string[] = new Array(matrix.nCols)
  let e = 0
  // loadMatrix returns entries ordered by row then column, so one pass fills each line.
  for (let r = 0; r < matrix.nRows; r++) {
    cells.fill('')
    while (e < matrix.rows.length && matrix.rows[e] === r) {
      cells[matrix.cols[e]!] = String(matrix.values[e])
      e++
    }
    await write(csvField(rowLabels[r]!) + ',' + cells.join(',') + '\n')
  }
  out.end()
  await finished
}
