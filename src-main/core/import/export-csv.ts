import { writeAtomically } from '../files/atomic-output.js'
import { csvField, type CsvTextOptions } from '../files/csv-field.js'
import { openTextOutput } from '../files/text-output.js'
import { loadMatrix } from '../store/datasets.js'
import type { Db } from '../store/open.js'

/**
 * Writes a dataset back as a wide UTF-8 CSV (no BOM, LF): a header row with the column labels, one
 * row per row label, missing cells empty. Numbers are written in their shortest exact form, so
 * importing the file again gives the same matrix. Labels are formula-guarded (csvField) unless
 * `rawLabels`: a guarded label comes back from an import with its leading apostrophe, so an exact
 * round trip of such labels needs `rawLabels` (import keeps every label as written). Written to a
 * temporary file and renamed: a failure leaves no partial file.
 */
export async function exportDatasetCsv(db: Db, datasetId: number, outPath: string, options: CsvTextOptions = {}): Promise<void> {
  const { matrix, rowLabels, colLabels } = loadMatrix(db, datasetId)
  await writeAtomically(outPath, async (temp) => {
    const out = openTextOutput(temp)
    try {
      // The key column's header is not a column key, so any name works; "row" reads naturally.
      await out.write(['row', ...colLabels].map((l) => csvField(l, options)).join(',') + '\n')
      const cells: string[] = new Array(matrix.nCols)
      let e = 0
      let chunk = ''
      // loadMatrix returns entries ordered by row then column, so one pass fills each line.
      for (let r = 0; r < matrix.nRows; r++) {
        cells.fill('')
        while (e < matrix.rows.length && matrix.rows[e] === r) {
          cells[matrix.cols[e]!] = String(matrix.values[e])
          e++
        }
        chunk += csvField(rowLabels[r]!, options) + ',' + cells.join(',') + '\n'
        if (chunk.length > 1 << 16) {
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
