/**
 * The concurrent writer of the kill campaigns, a process of its own: it opens the store as the app
 * does and keeps writing to it through the product's own paths while other processes are killed,
 * every 20 ms a settings change (the home page's language, in its short transaction) and every
 * 50th tick a tiny CSV imported through importFile. Its busy timeout is short (argv[3] ms), as a
 * heartbeat's or a checkpoint's would be in a tight spot: a process holding the write lock too long,
 * or a crashed one leaving the store locked, makes it fail.
 *
 * Prints "ready <owner id>" once it writes, "fail <message>" for each failed write, and on stdin's
 * end waits for its current write, then prints {writes, imports, failures, maxWaitMs} and exits.
 *
 *   node --import tsx bench/reliability/writer.ts <dataDir> <busyTimeoutMs> <tiny.csv>
 */
import { importFile } from '../../src-main/core/import/index.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { ownerId, releaseOwner } from '../../src-main/core/store/owners.js'
import { writeSettings } from '../../src-main/services/settings.js'

const [dataDir, busyTimeoutMs, tinyCsv] = process.argv.slice(2)
const db = openDatabase(dataDir!)
db.pragma(`busy_timeout = ${Number(busyTimeoutMs)}`)
const owner = ownerId(db)

let writes = 0
let imports = 0
let failures = 0
let maxWaitMs = 0
let stopped = false
let tick = 0

async function writeOnce(): Promise<void> {
  const started = performance.now()
  try {
    if (tick % 50 === 49) {
      const result = await importFile(db, tinyCsv!, { name: `writer ${tick}` })
      if (!result.ok) throw new Error(`the tiny file was refused: ${result.report.issues[0]?.message}`)
      imports++
    } else {
      writeSettings(db, { language: tick % 2 === 0 ? 'ja' : 'en' })
      writes++
    }
  } catch (error) {
    failures++
    process.stdout.write(`fail ${String(error).replaceAll('\n', ' ')}\n`)
  }
  maxWaitMs = Math.max(maxWaitMs, performance.now() - started)
  tick++
}

async function loop(): Promise<void> {
  while (!stopped) {
    await writeOnce()
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

process.stdout.write(`ready ${owner}\n`)
const running = loop()
process.stdin.resume()
process.stdin.on('end', () => {
  stopped = true
  void running.then(() => {
    process.stdout.write(`${JSON.stringify({ writes, imports, failures, maxWaitMs: Math.round(maxWaitMs) })}\n`)
    releaseOwner(db)
    db.close()
    process.exit(0)
  })
})
