import { openDatabase } from '../../../src-main/core/store/open.js'

/** A second process opening the store (open.test.ts): says when it starts, then the version it ends at. */
process.stdout.write('ready\n')
try {
  const db = openDatabase(process.argv[2]!)
  process.stdout.write(`version ${String(db.pragma('user_version', { simple: true }))}\n`)
  db.close()
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`)
  process.exitCode = 1
}
