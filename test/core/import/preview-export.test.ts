import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exportDatasetCsv, importFile, ImportError, previewImport } from '../../../src-main/core/import/index.js'
import { readDelimited } from '../../../src-main/core/import/delimited-reader.js'
import { loadMatrix } from '../../../src-main/core/store/datasets.js'
import { createRng } from '../../../src-main/core/random.js'
import { fixture, removeTempDirs, tempDir, tempFile, tempStore } from './helpers.js'

afterEach(removeTempDirs)

describe('previewImport', () => {
  it('shows a Shift_JIS wide file with its detected settings and a wide mapping', async () => {
    const preview = await previewImport(fixture('wide-sjis.csv'))
    expect(preview.source).toMatchObject({ format: 'csv', encoding: 'cp932', delimiter: 'comma', sheets: null })
    expect(preview.header).toEqual(['設備', '温度', '圧力', '振動'])
    expect(preview.rows[2]).toEqual(['３号機（予備）', '-', '99.8', '0.03'])
    expect(preview.rowLines).toEqual([2, 3, 4])
    expect(preview.suggested).toEqual({ layout: 'wide', keyColumn: 0 })
    expect(preview.totalLines).toBe(4)
  })

  it('suggests long with a time column for a long file', async () => {
    const preview = await previewImport(fixture('long.csv'))
    expect(preview.suggested).toEqual({ layout: 'long', keyColumn: 0, columnColumn: 1, valueColumn: 2, timeColumn: 3 })
  })

  it('lists the sheets of a workbook and previews the chosen one', async () => {
    const preview = await previewImport(fixture('two-sheets.xlsx'), { sheet: '故障' })
    expect(preview.source.sheets).toEqual(['Sensors', '故障'])
    expect(preview.header).toEqual(['設備', '故障モード', '発生'])
    expect(preview.rows).toEqual([
      ['P1', '漏れ', '1'],
      ['P1', 'シール', '0'],
      ['P2', '漏れ', 'true'],
    ])
  })

  it('shows only the first 20 rows of a large file but counts all its lines', async () => {
    const lines = ['k,a,b']
    for (let i = 0; i < 60_000; i++) lines.push(`r${i},${i},${i * 2}`)
    const preview = await previewImport(tempFile('big.csv', lines.join('\n') + '\n'))
    expect(preview.rows).toHaveLength(20)
    expect(preview.rows[19]).toEqual(['r19', '19', '38'])
    expect(preview.totalLines).toBe(60_001)
  })

  it('fails on an empty file with a typed error', async () => {
    await expect(previewImport(fixture('empty.csv'))).rejects.toBeInstanceOf(ImportError)
  })
})

describe('exportDatasetCsv', () => {
  // The exact round trip goes through rawLabels: import keeps every label as written (it cannot tell
  // a formula guard's apostrophe from one the plant file really had), so guarded labels come back
  // with their apostrophe, as the next test shows.
  it('round-trips a dataset with Japanese, quoted and formula-like labels to the same matrix (rawLabels)', async () => {
    const db = tempStore()
    const formulas = tempFile('formulas.csv', 'machine,=1+2,+x,@y\n-m1,1,-2.5,\n=HYPERLINK("u"),,3,-4\n')
    for (const file of [fixture('wide-sjis.csv'), fixture('quoted.csv'), fixture('long.csv'), formulas]) {
      const first = await importFile(db, file)
      if (!first.ok) throw new Error('import failed')
      const out = path.join(tempDir(), 'out.csv')
      await exportDatasetCsv(db, first.datasetId, out, { rawLabels: true })
      const again = await importFile(db, out, { layout: 'wide' })
      if (!again.ok) throw new Error(JSON.stringify(again.report))
      const a = loadMatrix(db, first.datasetId)
      const b = loadMatrix(db, again.datasetId)
      expect(b.rowLabels).toEqual(a.rowLabels)
      expect(b.colLabels).toEqual(a.colLabels)
      expect(Array.from(b.matrix.values)).toEqual(Array.from(a.matrix.values))
      expect(Array.from(b.matrix.cols)).toEqual(Array.from(a.matrix.cols))
    }
  })

  it('guards formula-like labels by default; they import back with the apostrophe', async () => {
    const db = tempStore()
    const first = await importFile(db, tempFile('formulas.csv', 'machine,=1+2,ok\n-m1,1,-2.5\n'))
    if (!first.ok) throw new Error('import failed')
    const out = path.join(tempDir(), 'out.csv')
    await exportDatasetCsv(db, first.datasetId, out)
    expect(fs.readFileSync(out, 'utf8')).toBe(`row,"'=1+2",ok\n"'-m1",1,-2.5\n`)
    const again = await importFile(db, out, { layout: 'wide' })
    if (!again.ok) throw new Error(JSON.stringify(again.report))
    expect(loadMatrix(db, again.datasetId).colLabels).toEqual(["'=1+2", 'ok'])
    expect(loadMatrix(db, again.datasetId).rowLabels).toEqual(["'-m1"])
  })

  it('writes missing cells as empty fields', async () => {
    const db = tempStore()
    const result = await importFile(db, fixture('wide-utf8.csv'))
    if (!result.ok) throw new Error('import failed')
    const out = path.join(tempDir(), 'out.csv')
    await exportDatasetCsv(db, result.datasetId, out)
    expect(fs.readFileSync(out, 'utf8')).toBe('row,temp,pressure,vibration\nM1,20.5,101.3,0.01\nM2,21,,0.02\nM3,,99.8,0.03\n')
  })
})

describe('plain-split fast path', () => {
  it('gives the same records and lines as csv-parse on quote-free text', async () => {
    const rng = createRng(7)
    const alphabet = ['a', 'b', '1', '.', ',', ';', '\t', ' ', '\n', '\r\n', '\r', '温', '']
    for (let trial = 0; trial < 300; trial++) {
      let text = ''
      const n = rng.int(60)
      for (let i = 0; i < n; i++) text += alphabet[rng.int(alphabet.length)]
      for (const delimiter of [',', '\t']) {
        const read = async (parser: 'auto' | 'csv-parse') => {
          const out: [string[], number][] = []
          await readDelimited(text, (f, l) => out.push([[...f], l]), { file: 'x', delimiter, parser }, {})
          return out
        }
        expect(await read('auto'), JSON.stringify(text)).toEqual(await read('csv-parse'))
      }
    }
  })
})
