import fs from 'node:fs'

/**
 * A text file written with back-pressure, whose every wait settles: a write that must wait for
 * 'drain' also wakes on 'error' and 'close', so a full disk or a file-size limit ends the export
 * with that error instead of leaving it waiting for a 'drain' that never comes.
 */
export interface TextOutput {
  write(text: string): Promise<void>
  /** Flushes and closes the file; rejects with the first write error. */
  end(): Promise<void>
  /** Closes the file without flushing (the caller removes it). */
  destroy(): Promise<void>
}

export function openTextOutput(filePath: string): TextOutput {
  const out = fs.createWriteStream(filePath, { encoding: 'utf8' })
  let failure: Error | undefined
  out.on('error', (error) => {
    failure ??= error
  })
  const closed = new Promise<void>((resolve) => out.once('close', () => resolve()))
  /** Resolves on the first of the events (or at once if the stream is already closed). */
  const first = (events: readonly string[]): Promise<void> =>
    new Promise<void>((resolve) => {
      if (out.closed || failure) return resolve()
      const done = (): void => {
        for (const event of events) out.off(event, done)
        resolve()
      }
      for (const event of events) out.once(event, done)
    })
  const check = (): void => {
    if (failure) throw failure
    if (out.destroyed) throw new Error(`The file ${filePath} was closed before the write finished.`)
  }
  return {
    async write(text) {
      check()
      if (!out.write(text)) await first(['drain', 'error', 'close'])
      check()
    },
    async end() {
      check()
      out.end()
      await closed
      if (failure) throw failure
    },
    async destroy() {
      if (!out.closed) out.destroy()
      await closed
    },
  }
}
