import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/store/open.js'
import { plantedLowRank, writePlantedDataset } from '../helpers/planted.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { ROOT } from './helpers.js'

const tempDir = useTempDirs('nnmf-cli-cancel-')

describe('CLI cancel', () => {
  it('Ctrl-C during training exits 130, marks the run cancelled and leaves the store intact', async () => {
    const dataDir = tempDir()
    const db = openDatabase(dataDir)
    const datasetId = writePlantedDataset(db, plantedLowRank({ nRows: 1500, nCols: 300, rank: 3, density: 0.3, noise: 0.1, seed: 4 }))
    db.close()

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src-main/cli/index.ts',
        'train',
        '--dataset',
        String(datasetId),
        '--model',
        'nnmf',
        '--engine',
        'fastcpu',
        '--data-dir',
        dataDir,
        '--json',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    // Interrupt once the first epoch is reported (the run is then in the store as 'training').
    let sentAt = 0
    child.stderr.on('data', (d: Buffer) => {
      stderr += d
      if (!sentAt && /^train: /m.test(stderr)) {
        sentAt = Date.now()
        child.kill('SIGINT')
      }
    })
    const code = await exited
    expect(sentAt).toBeGreaterThan(0)
    expect(code).toBe(130)
    expect(stderr).toContain('Cancelled')
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { exitCode: 130, code: 'cancelled' } })

    const check = new Database(path.join(dataDir, 'workbench.sqlite'), { readonly: true })
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(check.prepare('SELECT status FROM models').pluck().all()).toEqual(['cancelled'])
    expect(check.prepare('SELECT count(*) FROM datasets').pluck().get()).toBe(1)
    check.close()
  }, 120_000)
})
