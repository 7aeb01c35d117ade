import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { importFile, ImportError, type ImportPhase } from '../../../src-main/core/import/index.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import { assertNoPartialDataset, removeTempDirs, tableCounts, tempDir, tempFile, tempStore } from './helpers.js'

afterEach(removeTempDirs)

/** A long CSV with n entries (200 columns per row). */
function longCsv(n: number): string {
  const lines = ['machine,sensor,value']
  for (let i = 0; i < n; i++) lines.push(`m${Math.floor(i / 200)},s${i % 200},${(i % 977) / 7}`)
  return lines.join('\n') + '\n'
}

describe('cancelling an import', () => {
  it.each(['parse', 'write'] as const)('during %s leaves nothing behind, within a second', async (phase: ImportPhase) => {
    const db = tempStore()
    const file = tempFile('big.csv', longCsv(300_000))
    const before = tableCounts(db)
    const controller = new AbortController()
    let abortedAt = 0
    const error = await importFile(
      db,
      file,
      { layout: 'long' },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === phase && p.done > 0 && !controller.signal.aborted) {
            abortedAt = performance.now()
            controller.abort()
          }
        },
      },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ImportError)
    expect((error as ImportError).code).toBe('cancelled')
    expect(performance.now() - abortedAt).toBeLessThan(1000)
    expect(db.inTransaction).toBe(false)
    expect(tableCounts(db)).toEqual(before)
    // The store is usable afterwards.
    const again = await importFile(db, file, { layout: 'long' })
    expect(again.ok).toBe(true)
    assertNoPartialDataset(db)
  })
})

describe('killing the importing process', () => {
  it('SIGKILL mid-write leaves an intact store with no dataset', async () => {
    const dataDir = tempDir('nnmf-kill-')
    const file = tempFile('big.csv', longCsv(400_000))
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'kill-child.ts'), dataDir, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let output = ''
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('WRITING')) child.kill('SIGKILL')
    })
    expect(await exit).toBe('SIGKILL')
    expect(output).toContain('WRITING')
    expect(output).not.toContain('DONE')

    const db = openDatabase(dataDir)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(tableCounts(db)).toEqual({ datasets: 0, dataset_rows: 0, dataset_columns: 0, entries: 0, imports: 0 })
    db.close()
  })
})
