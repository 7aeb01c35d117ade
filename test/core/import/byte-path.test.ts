import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isPlainBytes, readPlainBytes, recordTexts } from '../../../src-main/core/import/byte-records.js'
import { buildTable } from '../../../src-main/core/import/build-table.js'
import { parseImportOptions } from '../../../src-main/core/import/import-file.js'
import type { ImportOptions } from '../../../src-main/core/import/options.js'
import { ImportError, IssueCollector } from '../../../src-main/core/import/report.js'
import { parseSimpleDecimal } from '../../../src-main/core/import/simple-decimal.js'
import { openSource } from '../../../src-main/core/import/source.js'
import { readDelimited } from '../../../src-main/core/import/delimited-reader.js'
import { createRng, type Rng } from '../../../src-main/core/random.js'
import { FIXTURES } from './helpers.js'

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)]!
}

describe('parseSimpleDecimal', () => {
  it('gives exactly Number(text) where it answers, and NaN for what it leaves to Number', () => {
    const rng = createRng(11)
    const fixed = [
      '0',
      '-0',
      '+0',
      '-0.0',
      '5.',
      '.5',
      '.',
      '-',
      '+',
      '',
      '007',
      '1e3',
      '1.5E-2',
      '123456789012345',
      '1234567890123456',
      '0.000000000000000000000001',
      '0.1',
      '0.3',
      '9007199254740993',
      '1.7976931348623157',
      '-2564',
      '3030.93',
      '1..2',
      '1.2.3',
      'a',
      ' 1',
    ]
    const cases = [...fixed]
    for (let i = 0; i < 20_000; i++) {
      let s = rng.next() < 0.2 ? pick(rng, ['-', '+', '']) : ''
      const digits = 1 + rng.int(19)
      const dot = rng.next() < 0.8 ? rng.int(digits + 1) : -1
      for (let k = 0; k < digits; k++) {
        if (k === dot) s += '.'
        s += String(rng.int(10))
      }
      cases.push(s)
    }
    let answered = 0
    for (const text of cases) {
      const bytes = Buffer.from(`x${text}y`)
      const value = parseSimpleDecimal(bytes, 1, bytes.length - 1)
      if (Number.isNaN(value)) continue
      answered++
      expect(Object.is(value, Number(text)), text).toBe(true)
      expect(/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(text), text).toBe(true)
    }
    expect(answered).toBeGreaterThan(10_000)
  })
})

describe('byte reader', () => {
  it('gives the same records and lines as the text reader on quote-free text', async () => {
    const rng = createRng(8)
    const alphabet = ['a', 'b', '1', '.', ',', ';', '\t', ' ', '\n', '\r\n', '温', '\ufeff', '\u00a0', '']
    for (let trial = 0; trial < 300; trial++) {
      let text = ''
      const n = rng.int(60)
      for (let i = 0; i < n; i++) text += alphabet[rng.int(alphabet.length)]
      const bytes = Buffer.from(text)
      expect(isPlainBytes(bytes)).toBe(true)
      for (const delimiter of [',', '\t', ';']) {
        const fromText: [string[], number][] = []
        await readDelimited(text, (f, l) => fromText.push([[...f], l]), { file: 'x', delimiter, parser: 'auto' }, {})
        const fromBytes: [string[], number][] = []
        await readPlainBytes(bytes, delimiter.charCodeAt(0), (r) => fromBytes.push([recordTexts(r), r.line]), {}, 'x')
        expect(fromBytes, JSON.stringify(text)).toEqual(fromText)
      }
    }
  })

  it('is used only for text without quotes or lone carriage returns', () => {
    expect(isPlainBytes(Buffer.from('a,b\r\nc,d\n'))).toBe(true)
    expect(isPlainBytes(Buffer.from('a,"b"\n'))).toBe(false)
    expect(isPlainBytes(Buffer.from('a,b\rc,d\n'))).toBe(false)
    expect(isPlainBytes(Buffer.from('a,b\r'))).toBe(false)
  })
})

/** Everything a parse produces, in a form where -0 and 0 (and NaN) stay distinct. */
async function parseWith(bytes: Uint8Array, options: ImportOptions, parser: 'auto' | 'text'): Promise<unknown> {
  const resolved = parseImportOptions(options, 'f.csv')
  try {
    const source = await openSource(bytes, resolved, 'f.csv', parser)
    if (parser === 'auto' && resolved.encoding !== 'shift_jis' && isPlainBytes(bytes) && source.info.encoding === 'utf-8') {
      expect(source.readBytes).toBeDefined()
    }
    const issues = new IssueCollector()
    const rules = { missing: new Set(resolved.missingTokens.map((t) => t.trim())), valueKind: resolved.valueKind, range: resolved.range }
    const { table, layout, header, options: used } = await buildTable(source, resolved, rules, issues, {}, 'f.csv')
    const exact = (a: ArrayLike<number> | undefined) => (a ? Array.from(a, (v) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v)) : null)
    const { matrix } = table
    return {
      source: source.info,
      layout,
      header,
      used,
      rowLabels: table.rowLabels,
      colLabels: table.colLabels,
      shape: [matrix.nRows, matrix.nCols],
      rows: exact(matrix.rows),
      cols: exact(matrix.cols),
      values: exact(matrix.values),
      times: exact(matrix.times),
      stats: table.stats,
      report: issues.report(),
    }
  } catch (error) {
    if (error instanceof ImportError) return { error: error.code, message: error.message }
    throw error
  }
}

const KEYS = [
  'm1',
  'm2',
  'm10',
  's1',
  's2',
  '温度',
  '３号機',
  '\u3000',
  '\u3000x',
  '\u2003x',
  'é',
  ' m1',
  'm1 ',
  '\u00a0m1',
  '\ufeffm1',
  '',
  ' ',
  '#N/A',
  'NA',
  '1',
  '-',
]
const VALUES = [
  '1',
  '0',
  '-0',
  '2.5',
  '.5',
  '5.',
  '+3',
  '-12.25',
  '1e3',
  '1E-2',
  '12345678901234567',
  '0.1234567890123456789',
  '0.000000000000000000000001',
  'NaN',
  'NA',
  '',
  ' ',
  '-',
  '#N/A',
  'inf',
  '-Infinity',
  '1e999',
  'abc',
  ' 7 ',
  '7 ',
  'true',
  'FALSE',
  '1.5.2',
  '.',
  '-999',
  '100',
  '2024-01-02',
  '1700000000000',
]

function randomLongFile(rng: Rng): string {
  const width = rng.next() < 0.8 ? 3 : 4
  const lines = [width === 3 ? 'machine,sensor,value' : 'machine,sensor,value,time']
  const n = rng.int(40)
  for (let i = 0; i < n; i++) {
    const f = [pick(rng, KEYS), pick(rng, KEYS), pick(rng, VALUES)]
    if (width === 4) f.push(pick(rng, ['2024-01-02', '2024-01-02T03:04:05', '1700000000000', 'x', '', 'NaN']))
    if (rng.next() < 0.05) f.push('extra')
    if (rng.next() < 0.05) f.pop()
    lines.push(rng.next() < 0.05 ? '' : f.join(','))
  }
  return lines.join(rng.next() < 0.3 ? '\r\n' : '\n') + (rng.next() < 0.7 ? '\n' : '')
}

function randomWideFile(rng: Rng): string {
  const nCols = 1 + rng.int(5)
  const header = ['row', ...Array.from({ length: nCols }, (_, j) => `c${j}`)]
  const lines = [header.join(',')]
  const n = rng.int(30)
  for (let i = 0; i < n; i++) {
    const f = [pick(rng, KEYS), ...Array.from({ length: nCols }, () => pick(rng, VALUES))]
    if (rng.next() < 0.05) f.push('1')
    lines.push(rng.next() < 0.05 ? '  ' : f.join(','))
  }
  return lines.join('\n') + '\n'
}

function randomOptions(rng: Rng, layout: 'wide' | 'long' | 'auto'): ImportOptions {
  return {
    layout,
    badCellPolicy: pick(rng, ['abort', 'missing'] as const),
    duplicatePolicy: pick(rng, ['error', 'mean', 'last'] as const),
    valueKind: rng.next() < 0.75 ? 'numeric' : 'binary',
    ...(rng.next() < 0.25 ? { missingTokens: pick(rng, [['NaN'], ['', '-999', 'NA'], [' 1 ', ''], []]) } : {}),
    ...(rng.next() < 0.25
      ? {
          range: pick(rng, [
            { min: 0, max: 10 },
            { min: -1, max: 1 },
            { min: 0, max: 0 },
          ]),
        }
      : {}),
    ...(rng.next() < 0.1 ? { encoding: 'utf-8' as const } : {}),
  }
}

describe('byte path against the text path', () => {
  it('imports random long and wide files to identical tables, stats and reports', async () => {
    const rng = createRng(5150)
    for (let trial = 0; trial < 600; trial++) {
      const long = trial % 2 === 0
      const text = long ? randomLongFile(rng) : randomWideFile(rng)
      const bytes = Buffer.from(rng.next() < 0.1 ? `\ufeff${text}` : text)
      const options = randomOptions(rng, rng.next() < 0.2 ? 'auto' : long ? 'long' : 'wide')
      const label = `${JSON.stringify(text)} ${JSON.stringify(options)}`
      expect(await parseWith(bytes, options, 'auto'), label).toEqual(await parseWith(bytes, options, 'text'))
    }
  })

  it('imports every quote-free text fixture identically', async () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => /\.(csv|tsv)$/.test(f))
    let plain = 0
    for (const name of files) {
      const bytes = fs.readFileSync(path.join(FIXTURES, name))
      if (isPlainBytes(bytes)) plain++
      for (const layout of ['auto', 'wide', 'long'] as const) {
        expect(await parseWith(bytes, { layout }, 'auto'), `${name} ${layout}`).toEqual(await parseWith(bytes, { layout }, 'text'))
      }
    }
    expect(plain).toBeGreaterThan(5)
  })
})
