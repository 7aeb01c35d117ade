import Database from 'better-sqlite3'

/**
 * A third process writing to the store while others work (concurrent.test.ts): one small write
 * transaction every 20 ms with a short busy timeout (argv[3] ms), as a heartbeat or a checkpoint
 * writes. On stdin's end it prints {writes, failures, maxWaitMs} and exits.
 */
const db = new Database(process.argv[2]!)
db.pragma(`busy_timeout = ${Number(process.argv[3])}`)
db.exec('CREATE TABLE IF NOT EXISTS probe (n INTEGER)')
let writes = 0
let failures = 0
let maxWaitMs = 0
const errors: string[] = []
let stopped = false
function tick(): void {
  if (stopped) return
  const started = performance.now()
  try {
    db.exec('BEGIN IMMEDIATE')
    db.prepare('INSERT INTO probe (n) VALUES (?)').run(writes)
    db.exec('COMMIT')
    writes++
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    failures++
    errors.push(String(error))
  }
  maxWaitMs = Math.max(maxWaitMs, performance.now() - started)
  setTimeout(tick, 20)
}
process.stdout.write('ready\n')
tick()
process.stdin.resume()
process.stdin.on('end', () => {
  stopped = true
  process.stdout.write(`${JSON.stringify({ writes, failures, maxWaitMs: Math.round(maxWaitMs), errors: errors.slice(0, 3) })}\n`)
  db.close()
})
