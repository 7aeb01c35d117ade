import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openCsvWriter } from '../../../src-main/core/export/csv-writer.js'
import { writeExport } from '../../../src-main/core/export/write-export.js'
import { openXlsxWriter, longSheets } from '../../../src-main/core/export/xlsx-writer.js'
import { openTextOutput } from '../../../src-main/core/files/text-output.js'
import { FileDrop } from '../../../src-main/platform/file-drop.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import { ROOT } from '../../cli/helpers.js'
import { removeTempDirs, storeWithModels, tempDir } from '../export/helpers.js'

afterEach(removeTempDirs)

const hasDevFull = fs.existsSync('/dev/full')
/** A file-size limit the child cannot pass (RLIMIT_FSIZE, in 512-byte blocks): its writes fail with EFBIG. */
const LIMIT_BLOCKS = 128
const LIMIT_BYTES = LIMIT_BLOCKS * 512

/** Runs `node --import tsx <args>` under `ulimit -f`; a hang fails the test by its timeout. */
function underSizeLimit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `ulimit -f ${LIMIT_BLOCKS} && exec "$0" --import tsx "$@"`, process.execPath, ...args], {
      cwd: ROOT,
      // tsx's transform cache would be written under the same limit.
      env: { ...process.env, TSX_DISABLE_CACHE: '1', NNMF_DATA_DIR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe.skipIf(!hasDevFull)('a full disk (/dev/full) ends every wait with the error', () => {
  it('text output: a write waiting for drain settles with ENOSPC', async () => {
    const out = openTextOutput('/dev/full')
    const big = 'x'.repeat(1 << 20)
    await expect(
      (async () => {
        for (let i = 0; i < 8; i++) await out.write(big)
        await out.end()
      })(),
    ).rejects.toMatchObject({ code: 'ENOSPC' })
    await out.destroy()
  })

  it('CSV writer: rows then close reject with ENOSPC', async () => {
    const out = openCsvWriter('/dev/full')
    await expect(
      (async () => {
        for (let i = 0; i < 50_000; i++) await out.row([`label ${i}`, i, -i])
        await out.close()
      })(),
    ).rejects.toMatchObject({ code: 'ENOSPC' })
  })

  it('XLSX writer: commit rejects with ENOSPC', async () => {
    const workbook = openXlsxWriter('/dev/full')
    const sheet = longSheets(workbook, 'long', ['a', 'b'])
    for (let i = 0; i < 20_000; i++) sheet.add([`r${i}`, i])
    sheet.commit()
    await expect(workbook.commit()).rejects.toMatchObject({ code: 'ENOSPC' })
  })
})

describe('a file-size limit (EFBIG) on every writer: a clear error, no hang, no file left', () => {
  const cli = path.join(ROOT, 'src-main/cli/index.ts')

  it('CLI export (dataset CSV, completed matrix CSV and XLSX) and predict', async () => {
    const f = await storeWithModels({
      nRows: 300,
      nCols: 40,
      fraction: 0.7,
      kind: 'numeric',
      models: [{ kind: 'bias', seed: 1 }],
      labels: (p, i) => `${p === 'row' ? '装置' : 'センサー'}${i + 1}`,
    })
    f.db.close()
    const newRows = path.join(f.dir, 'new-rows.csv')
    fs.writeFileSync(
      newRows,
      [
        'machine,' + f.colLabels.join(','),
        ...Array.from({ length: 300 }, (_, r) => `new${r},` + f.colLabels.map((_, c) => (c % 3 ? '' : String(r + c))).join(',')),
      ].join('\n'),
    )
    const outDir = tempDir()
    const runs: [string, string[]][] = [
      ['dataset.csv', ['export', '--dataset', String(f.datasetId)]],
      ['completed.csv', ['export', '--model', String(f.modelIds[0]), '--what', 'completed', '--format', 'csv']],
      ['completed.xlsx', ['export', '--model', String(f.modelIds[0]), '--what', 'completed', '--format', 'xlsx']],
      ['predictions.csv', ['predict', '--model', String(f.modelIds[0]), newRows]],
    ]
    for (const [name, args] of runs) {
      const out = path.join(outDir, name)
      const run = await underSizeLimit([cli, ...args, '--out', out, '--data-dir', f.dir])
      expect(run.code, `${name}: ${run.stderr}`).toBe(1)
      expect(run.stderr).toContain(`Could not write "${name}": the file is larger than this system allows (EFBIG)`)
      expect(fs.readdirSync(outDir), name).toEqual([])
    }
    // Without the limit the same exports are bigger than it, so the limit is what failed them.
    const db = openDatabase(f.dir)
    for (const [name, request] of [
      ['dataset.csv', { kind: 'dataset-csv', datasetId: f.datasetId }],
      ['completed.csv', { kind: 'completed-matrix', modelId: f.modelIds[0]!, format: 'csv' }],
      ['completed.xlsx', { kind: 'completed-matrix', modelId: f.modelIds[0]!, format: 'xlsx' }],
    ] as const) {
      await writeExport(db, request, path.join(outDir, name))
      expect(fs.statSync(path.join(outDir, name)).size, name).toBeGreaterThan(LIMIT_BYTES)
    }
    db.close()
    // predict writes a line of at least 20 bytes per cell of the new rows (label, column, value, flag, id).
    expect(300 * 40 * 20).toBeGreaterThan(LIMIT_BYTES)
  }, 120_000)

  it('a whole file written at once (the report HTML)', async () => {
    const dir = tempDir()
    const out = path.join(dir, 'report.html')
    const run = await underSizeLimit([path.join(ROOT, 'test/core/files/write-file-child.ts'), out, String(4 * LIMIT_BYTES)])
    expect(run.code, run.stderr).toBe(1)
    expect(run.stderr).toContain('Could not write "report.html": the file is larger than this system allows (EFBIG)')
    expect(fs.readdirSync(dir)).toEqual([])
  }, 30_000)
})

describe('an upload copied through the app (Electron) that cannot be written', () => {
  it('leaves no folder behind and names the file only', async () => {
    const ro = tempDir()
    const drop = new FileDrop(ro)
    fs.mkdirSync(path.join(ro, 'uploads'))
    // The folder for the copy exists but the file name is taken by a folder: the write fails (EISDIR).
    const original = drop.reserve.bind(drop)
    drop.reserve = (kind, name) => {
      const slot = original(kind, name)
      fs.mkdirSync(slot.path)
      return slot
    }
    await expect(drop.writeUpload('plant.csv', new Uint8Array(10))).rejects.toThrow(/Could not write "plant.csv" \(EISDIR\)/)
    expect(fs.readdirSync(path.join(ro, 'uploads'))).toEqual([])
  })
})
