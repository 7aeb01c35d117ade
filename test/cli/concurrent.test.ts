import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/store/open.js'
import { plantedLowRank, writePlantedDataset } from '../helpers/planted.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { ROOT } from './helpers.js'

const tempDir = useTempDirs('nnmf-cli-concurrent-')

interface Started {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
}

function start(args: string[], options: { stdin?: 'pipe' } = {}): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d))
  child.stderr!.on('data', (d: Buffer) => (stderr += d))
  return { child, stdout: () => stdout, stderr: () => stderr, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) }
}

const until = async (test: () => boolean, what: string, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A wide sensor table as a CSV file: rows × cols cells, all observed. */
function writeCsv(file: string, rows: number, cols: number): void {
  const lines = [['machine', ...Array.from({ length: cols }, (_, c) => `s${c}`)].join(',')]
  for (let r = 0; r < rows; r++) {
    const cells = [`m${r}`]
    for (let c = 0; c < cols; c++) cells.push((((r * 7 + c * 13) % 1000) / 100).toFixed(2))
    lines.push(cells.join(','))
  }
  fs.writeFileSync(file, lines.join('\n') + '\n')
}

describe('one store, several processes', () => {
  it('a CLI pilot runs while another process imports a large file into the same store: both succeed, and a third writer is never refused', async () => {
    const dataDir = tempDir()
    const db = openDatabase(dataDir)
    const datasetId = writePlantedDataset(db, plantedLowRank({ nRows: 500, nCols: 50, rank: 2, density: 0.6, noise: 0.1, seed: 3 }))
    db.close()
    const csv = path.join(tempDir(), 'line-7.csv')
    writeCsv(csv, 8000, 150)
    const cli = 'src-main/cli/index.ts'

    const pilot = start([cli, 'pilot', '--dataset', String(datasetId), '--engine', 'fastcpu', '--data-dir', dataDir, '--json'])
    await until(() => /^pilot: /m.test(pilot.stderr()) || pilot.child.exitCode !== null, 'the pilot to start')
    // A writer that gives up after 1 s, as a checkpoint or heartbeat would with a short timeout:
    // an import holding the write lock through its whole write (1.2 M cells) would refuse it.
    const probe = start([path.join(import.meta.dirname, 'probe-writer.ts'), path.join(dataDir, 'workbench.sqlite'), '1000'], { stdin: 'pipe' })
    await until(() => probe.stdout().includes('ready'), 'the probe')
    const importing = start([cli, 'import', csv, '--data-dir', dataDir, '--json'])
    await until(() => /^write: /m.test(importing.stderr()) || importing.child.exitCode !== null, 'the import to write')
    const pilotRanDuringWrite = pilot.child.exitCode === null

    expect(await importing.exited, importing.stderr()).toBe(0)
    probe.child.stdin!.end()
    expect(await probe.exited).toBe(0)
    expect(await pilot.exited, pilot.stderr()).toBe(0)

    const imported = JSON.parse(importing.stdout()) as { ok: boolean; dataset: { id: number; nObserved: number } }
    expect(imported).toMatchObject({ ok: true, dataset: { nObserved: 1_200_000 } })
    const ran = JSON.parse(pilot.stdout()) as { ok: boolean; pilot: { status: string } }
    expect(ran).toMatchObject({ ok: true, pilot: { status: 'complete' } })
    const probed = JSON.parse(probe.stdout().split('\n')[1]!) as { writes: number; failures: number; maxWaitMs: number; errors: string[] }
    expect(probed.failures, JSON.stringify(probed)).toBe(0)
    expect(probed.writes).toBeGreaterThan(10)
    expect(pilotRanDuringWrite).toBe(true)

    const check = new Database(path.join(dataDir, 'workbench.sqlite'), { readonly: true })
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(check.prepare('SELECT COUNT(*) FROM datasets WHERE staging_owner IS NULL').pluck().get()).toBe(2)
    expect(check.prepare('SELECT COUNT(*) FROM entries WHERE dataset_id = ?').pluck().get(imported.dataset.id)).toBe(1_200_000)
    expect(check.prepare('SELECT COUNT(*) FROM owners').pluck().get()).toBe(0)
    check.close()
    console.log(`probe: ${probed.writes} writes, longest wait ${probed.maxWaitMs} ms`)
  }, 120_000)
})
