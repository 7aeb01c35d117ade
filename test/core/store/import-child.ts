import fs from 'node:fs'
import { writeDatasetAsync } from '../../../src-main/core/store/datasets.js'
import { openDatabase } from '../../../src-main/core/store/open.js'

/**
 * An import in another process (staging.test.ts): stages a dataset in short transactions, says
 * "staged <id>" once its first part is in the store, then stands still between two transactions
 * until the file argv[3] exists (the parent looks at the store meanwhile, or kills it there), and
 * finishes: "published <id>".
 */
const [dir, goFile] = [process.argv[2]!, process.argv[3]!]
const db = openDatabase(dir)
const nRows = 2000
const nCols = 100
const n = nRows * nCols
const matrix = {
  nRows,
  nCols,
  rows: Int32Array.from({ length: n }, (_, i) => Math.floor(i / nCols)),
  cols: Int32Array.from({ length: n }, (_, i) => i % nCols),
  values: Float64Array.from({ length: n }, (_, i) => (i % 97) / 10),
}
let said = false
const pause = new Int32Array(new SharedArrayBuffer(4))
try {
  const id = await writeDatasetAsync(
    db,
    {
      name: 'big import',
      valueKind: 'numeric',
      layout: 'wide',
      rowLabels: Array.from({ length: nRows }, (_, i) => `m${i}`),
      colLabels: Array.from({ length: nCols }, (_, i) => `s${i}`),
      matrix,
      provenance: { fileName: 'big.csv', fileSize: 0, sha256: '0'.repeat(64), options: {}, counts: {}, issues: [], startedAt: new Date().toISOString() },
    },
    {
      onProgress: () => {
        if (said || (db.prepare('SELECT COUNT(*) FROM entries').pluck().get() as number) === 0) return
        said = true
        const staged = db.prepare('SELECT id FROM datasets WHERE staging_owner IS NOT NULL').pluck().get()
        process.stdout.write(`staged ${String(staged)}\n`)
        for (let waited = 0; !fs.existsSync(goFile) && waited < 30_000; waited += 20) Atomics.wait(pause, 0, 0, 20)
      },
    },
  )
  process.stdout.write(`published ${id}\n`)
} catch (error) {
  process.stderr.write(`${String(error)}\n`)
  process.exitCode = 1
}
db.close()
