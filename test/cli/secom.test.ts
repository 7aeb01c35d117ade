import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir as makeTempDir, removeTempDirs } from '../core/import/helpers.js'
import { cli, json, SECOM } from './helpers.js'

let dataDir: string
let work: string
beforeAll(() => {
  dataDir = makeTempDir('nnmf-cli-store-')
  work = makeTempDir('nnmf-cli-files-')
})
afterAll(removeTempDirs)

function storeState(): { datasets: number; entries: number; imports: number; integrity: string } {
  const db = new Database(path.join(dataDir, 'workbench.sqlite'), { readonly: true })
  try {
    const count = (t: string): number => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number
    return {
      datasets: count('datasets'),
      entries: count('entries'),
      imports: count('imports'),
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    }
  } finally {
    db.close()
  }
}

describe('CLI on SECOM', () => {
  it('imports SECOM and lists it, as JSON', async () => {
    const run = await cli(['import', SECOM, '--data-dir', dataDir, '--json'])
    expect(run.code).toBe(0)
    const doc = json(run)
    expect(doc).toMatchObject({
      ok: true,
      command: 'import',
      dataDir,
      dataset: { name: 'secom', nRows: 1567, nCols: 590, layout: 'wide', valueKind: 'numeric' },
      source: { file: 'secom.csv', format: 'csv', delimiter: 'comma' },
      issues: { total: 0 },
    })
    // stderr is not a terminal here: progress comes as plain lines.
    expect(run.stderr).toMatch(/^parse: 100%$/m)

    const list = json(await cli(['datasets', '--data-dir', dataDir, '--json']))
    expect(list.datasets).toEqual([doc.dataset])
    const text = await cli(['datasets', '--data-dir', dataDir])
    expect(text.stdout).toMatch(/^1\s+secom\s+1567\s+590\s+/m)
  }, 120_000)

  it('a bad cell exits 2 naming file:line:column and leaves the store as it was', async () => {
    const before = storeState()
    const lines = fs.readFileSync(SECOM, 'utf8').split('\n')
    const fields = lines[100]!.split(',')
    fields[5] = '12,5'.replace(',', ';') // "12;5": not a number
    lines[100] = fields.join(',')
    const bad = path.join(work, 'secom-bad.csv')
    fs.writeFileSync(bad, lines.join('\n'))

    const run = await cli(['import', bad, '--data-dir', dataDir, '--json'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('nnmf-workbench import: secom-bad.csv:101:sensor_005: Cell in column "sensor_005" is not a number: "12;5".')
    expect(json(run)).toMatchObject({
      ok: false,
      error: { exitCode: 2, code: 'bad-cells', file: 'secom-bad.csv', line: 101, column: 'sensor_005', issues: { total: 1, counts: { 'not-a-number': 1 } } },
    })
    expect(storeState()).toEqual(before)

    // A file cut inside a quoted field: a file-level error, still exit 2 with the line.
    const cut = path.join(work, 'cut.csv')
    fs.writeFileSync(cut, 'run,sensor_001\nA,1\nB,"2\n')
    const truncated = await cli(['import', cut, '--data-dir', dataDir])
    expect(truncated.code).toBe(2)
    expect(truncated.stderr).toMatch(/cut\.csv:3(:[^:]*)?: The file ends inside a quoted field/)
    expect(storeState()).toEqual(before)
    expect(before.integrity).toBe('ok')

    // With --bad-cells missing the same file imports, its bad cell stored as missing.
    const lenient = json(await cli(['import', bad, '--data-dir', dataDir, '--json', '--bad-cells', 'missing', '--name', 'secom lenient']))
    expect(lenient).toMatchObject({ ok: true, dataset: { name: 'secom lenient', nRows: 1567, nCols: 590 }, issues: { total: 1 } })
    expect(storeState()).toMatchObject({ datasets: before.datasets + 1, integrity: 'ok' })
  }, 120_000)
})
