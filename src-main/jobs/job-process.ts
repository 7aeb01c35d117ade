import { openDatabase } from '../core/store/open.js'
import { releaseOwner } from '../core/store/owners.js'
import type { FromJob, StartMessage, ToJob } from './protocol.js'
import { errorDetailOf } from '../platform/error-detail.js'
import { runJob } from './runners.js'

/**
 * Entry of a job process. Runs under Node (`child_process.fork`, messages on `process.send`) and
 * under Electron (`utilityProcess.fork`, messages on `process.parentPort`). Opens its own store
 * connection; everything it writes is in transactions, so a kill leaves the store consistent.
 */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

function send(message: FromJob): void {
  if (parentPort) parentPort.postMessage(message)
  else process.send?.(message)
}

function onMessage(listener: (message: ToJob) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data as ToJob))
  else process.on('message', (message) => listener(message as ToJob))
}

const abort = new AbortController()
let started = false

onMessage((message) => {
  if (message.type === 'cancel') abort.abort(new Error('Cancelled.'))
  else if (!started) {
    started = true
    void run(message)
  }
})

async function run(message: StartMessage): Promise<void> {
  const db = openDatabase(message.dataDir)
  try {
    const result = await runJob(message.kind, message.payload, {
      db,
      dataDir: message.dataDir,
      signal: abort.signal,
      progress: (progress) => send({ type: 'progress', ...progress }),
    })
    send({ type: 'done', result })
  } catch (error) {
    const detail = errorDetailOf(error)
    send({ type: 'failed', error: error instanceof Error ? error.message : String(error), ...(detail ? { detail } : {}), cancelled: abort.signal.aborted })
  } finally {
    releaseOwner(db)
    db.close()
    // Let the last message flush, then leave: a job process does one job.
    setTimeout(() => process.exit(0), 50)
  }
}
