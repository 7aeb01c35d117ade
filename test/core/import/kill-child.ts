/**
 * Child process for the kill test: imports a file and says "WRITING" once entries are being
 * written inside the transaction, so the parent can SIGKILL it mid-write.
 * Usage: node --import tsx kill-child.ts <dataDir> <file>
 */
import { importFile } from '../../../src-main/core/import/index.js'
import { openDatabase } from '../../../src-main/core/store/open.js'

const [dataDir, file] = process.argv.slice(2)
const db = openDatabase(dataDir!)
let told = false
await importFile(
  db,
  file!,
  { layout: 'long' },
  {
    onProgress: (p) => {
      if (p.phase === 'write' && p.done > 0 && !told) {
        told = true
        process.stdout.write('WRITING\n')
      }
    },
  },
)
process.stdout.write('DONE\n')
