import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import type { ImportOptions } from '../../src-main/core/import/index.js'
import type { Rng } from '../../src-main/core/random.js'

/**
 * The import fuzz corpus: seeded generators of plausible plant tables (wide and long; CSV, TSV,
 * semicolon, XLSX; UTF-8 with and without BOM, Shift_JIS) and the mutations that real files suffer
 * (truncation, random bytes, the wrong encoding or a mislabelled one, huge fields, formula labels,
 * duplicate keys, ragged rows, empty files, stray BOMs). One case is the file's bytes, the name it
 * is imported under and the options a user might have picked.
 */
export interface FuzzCase {
  bytes: Uint8Array
  extension: 'csv' | 'tsv' | 'txt' | 'xlsx'
  options: ImportOptions
  /** What made it, for the examples the bench prints ("wide csv utf-8-bom · truncate · ragged"). */
  recipe: string
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)]!
}

/** Labels a factory file really carries, and ones a spreadsheet would run as formulas. */
const ROW_KEYS = ['M', '機械', '設備', 'line-', 'P', '=1+1', '+81-3-', '@SUM(A1)', '-', '\t', ' M ', '１号機', 'ｱｲｳ']
const COLUMN_NAMES = ['s', 'temp', '温度', '圧力', 'vib', '=HYPERLINK("x")', '+cmd', '@x', '-2+3', '"q"', 'a,b', '振動 (mm/s)']
const KEY_HEADERS = ['machine', '設備', 'id', '=1+1', '', 'Machine ID', '@key']
const ODD_VALUES = [
  '',
  'NA',
  '-',
  'NaN',
  '#N/A',
  'abc',
  '1e999',
  '-Infinity',
  '１２',
  ' 3.5 ',
  '1,5',
  'true',
  '0x1F',
  '1.2.3',
  '=1+1',
  '1e-320',
  '99999999999999999999',
]

type Encoding = 'utf-8' | 'utf-8-bom' | 'cp932'
type Delimiter = ',' | '\t' | ';'

function value(rng: Rng, binary: boolean): string {
  if (rng.next() < 0.08) return pick(rng, ODD_VALUES)
  if (binary) return pick(rng, ['0', '1', 'true', 'false', 'TRUE'])
  const x = rng.normal() * 10 ** rng.int(4)
  return rng.next() < 0.5 ? x.toFixed(rng.int(5)) : String(x)
}

function label(rng: Rng, stems: readonly string[], i: number): string {
  return `${pick(rng, stems)}${rng.next() < 0.9 ? i : ''}`
}

/** A field as a CSV writer would put it: quoted when it has to be (and sometimes when not). */
function field(rng: Rng, text: string, delimiter: Delimiter): string {
  const needs = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r')
  return needs || rng.next() < 0.05 ? `"${text.replaceAll('"', '""')}"` : text
}

function encode(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'cp932') return new Uint8Array(iconv.encode(text, 'cp932'))
  const body = Buffer.from(text, 'utf8')
  return encoding === 'utf-8-bom' ? new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])) : new Uint8Array(body)
}

interface TextTable {
  lines: string[][]
  layout: 'wide' | 'long'
  binary: boolean
}

/** Wide: a row key and one column per sensor; now and then a very wide one. */
function wideTable(rng: Rng): TextTable {
  const binary = rng.next() < 0.15
  const nRows = 1 + rng.int(rng.next() < 0.1 ? 400 : 30)
  const nCols = 1 + rng.int(rng.next() < 0.1 ? 300 : 10)
  const header = [pick(rng, KEY_HEADERS), ...Array.from({ length: nCols }, (_, j) => label(rng, COLUMN_NAMES, j))]
  const lines = [header]
  for (let r = 0; r < nRows; r++) lines.push([label(rng, ROW_KEYS, r), ...Array.from({ length: nCols }, () => value(rng, binary))])
  return { lines, layout: 'wide', binary }
}

/** Long: a line per cell (row key, column key, value, sometimes a time), sometimes the same cell twice. */
function longTable(rng: Rng): TextTable {
  const binary = rng.next() < 0.15
  const withTime = rng.next() < 0.3
  const header = ['machine', 'sensor', 'value', ...(withTime ? ['time'] : [])]
  const lines = [header]
  const nRows = 1 + rng.int(20)
  const nCols = 1 + rng.int(8)
  const nLines = 1 + rng.int(rng.next() < 0.1 ? 2000 : 60)
  for (let i = 0; i < nLines; i++) {
    const time = withTime ? [rng.next() < 0.5 ? new Date(1.7e12 + rng.int(1e9)).toISOString() : String(1.7e12 + rng.int(1e9))] : []
    lines.push([label(rng, ROW_KEYS, rng.int(nRows)), label(rng, COLUMN_NAMES, rng.int(nCols)), value(rng, binary), ...time])
  }
  return { lines, layout: 'long', binary }
}

function textOf(rng: Rng, table: TextTable, delimiter: Delimiter): string {
  const eol = pick(rng, ['\n', '\n', '\r\n', '\r\n', '\r'])
  const text = table.lines.map((cells) => cells.map((c) => field(rng, c, delimiter)).join(delimiter)).join(eol)
  return rng.next() < 0.8 ? text + eol : text
}

/** Options as a user might pick them: mostly auto, sometimes a wrong or mislabelled choice. */
function optionsFor(rng: Rng, table: TextTable | undefined, mislabel: boolean): ImportOptions {
  const options: ImportOptions = {}
  if (rng.next() < 0.3) options.layout = pick(rng, ['auto', 'wide', 'long'] as const)
  else if (table) options.layout = table.layout
  if (table?.binary || rng.next() < 0.05) options.valueKind = 'binary'
  if (rng.next() < 0.4) options.badCellPolicy = 'missing'
  if (rng.next() < 0.3) options.duplicatePolicy = pick(rng, ['error', 'mean', 'last'] as const)
  if (mislabel || rng.next() < 0.1) options.encoding = pick(rng, ['utf-8', 'shift_jis', 'cp932'] as const)
  if (rng.next() < 0.1) options.delimiter = pick(rng, ['comma', 'tab', 'semicolon'] as const)
  if (rng.next() < 0.05) options.range = { min: -1, max: 1 }
  if (rng.next() < 0.05) options.keyColumn = pick(rng, [0, 1, 5, 'machine', 'nope'] as const)
  if (rng.next() < 0.05) options.timeColumn = pick(rng, [3, 'time'] as const)
  if (rng.next() < 0.05) options.missingTokens = ['?', '']
  return options
}

/** The mutations, each small and seeded; a case gets up to three. */
const MUTATIONS: Record<string, (rng: Rng, bytes: Uint8Array) => Uint8Array> = {
  truncate: (rng, b) => b.slice(0, cutPoint(rng, b)),
  'flip-bytes': (rng, b) => {
    const out = b.slice()
    for (let k = 1 + rng.int(6); k > 0 && out.length > 0; k--) out[rng.int(out.length)] = rng.int(256)
    return out
  },
  'insert-bytes': (rng, b) =>
    splice(
      b,
      rng.int(b.length + 1),
      0,
      Uint8Array.from({ length: 1 + rng.int(12) }, () => rng.int(256)),
    ),
  'insert-token': (rng, b) =>
    splice(
      b,
      rng.int(b.length + 1),
      0,
      Buffer.from(
        pick(rng, ['"', ',', '\t', ';', '\n', '\r\n', '\r', '""', '\0', '\uFEFF', 'NaN', '1e999', '温度', '\u00a0', '=1+1', '"=cmd|\' /C calc\'!A0"']),
      ),
    ),
  'delete-stretch': (rng, b) => {
    const at = cutPoint(rng, b)
    return splice(b, at, cutPoint(rng, b.subarray(at, at + 20)), new Uint8Array(0))
  },
  'duplicate-line': (rng, b) => {
    const lines = splitLines(b)
    if (lines.length === 0) return b
    const i = rng.int(lines.length)
    lines.splice(rng.int(lines.length + 1), 0, lines[i]!)
    return joinLines(lines)
  },
  'duplicate-header-column': (_rng, b) => {
    const lines = splitLines(b)
    if (lines.length === 0) return b
    const header = Buffer.from(lines[0]!).toString('latin1')
    const cut = header.search(/[,;\t]/)
    if (cut < 0) return b
    const second = header.slice(cut + 1).split(/[,;\t]/)[0] ?? ''
    lines[0] = new Uint8Array(Buffer.from(`${header}${header[cut]}${second}`, 'latin1'))
    return joinLines(lines)
  },
  ragged: (rng, b) => {
    const lines = splitLines(b)
    if (lines.length < 2) return b
    const i = 1 + rng.int(lines.length - 1)
    const text = Buffer.from(lines[i]!).toString('latin1')
    lines[i] = new Uint8Array(Buffer.from(rng.next() < 0.5 ? text.replace(/[,;\t][^,;\t]*$/, '') : `${text},extra,7`, 'latin1'))
    return joinLines(lines)
  },
  'huge-field': (rng, b) => {
    const size = rng.next() < 0.1 ? 1_000_000 + rng.int(2_000_000) : 10_000 + rng.int(200_000)
    const quoted = rng.next() < 0.5
    const body = Buffer.alloc(size, pick(rng, ['x', '9', ' ']))
    const insert = quoted ? Buffer.concat([Buffer.from('"'), body, Buffer.from(rng.next() < 0.5 ? '"' : '')]) : body
    return splice(b, rng.int(b.length + 1), 0, insert)
  },
  'bom-inside': (rng, b) => splice(b, rng.int(b.length + 1), 0, Uint8Array.from([0xef, 0xbb, 0xbf])),
  'bom-twice': (_rng, b) => splice(b, 0, 0, Uint8Array.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf])),
  'latin-1': (_rng, b) => new Uint8Array(Buffer.from(Buffer.from(b).toString('utf8'), 'latin1')),
  'utf-16le': (_rng, b) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(Buffer.from(b).toString('utf8'), 'utf16le')])),
  'blank-lines': (rng, b) => splice(b, rng.int(b.length + 1), 0, Buffer.from(pick(rng, ['\n\n', '\r\n\r\n', '\n  \n', ',,,\n']))),
}
export const MUTATION_NAMES = Object.keys(MUTATIONS)
/** Mutations that usually break the encoding: drawn a quarter of the time, so most cases still reach the parser. */
const BYTE_LEVEL = ['flip-bytes', 'insert-bytes', 'latin-1', 'utf-16le']
const STRUCTURAL = MUTATION_NAMES.filter((name) => !BYTE_LEVEL.includes(name))

/**
 * Where to cut: anywhere a third of the time (inside a multi-byte character: an undecodable file),
 * else just before an ASCII byte, so the cut file still decodes and reaches the parser.
 */
function cutPoint(rng: Rng, b: Uint8Array): number {
  let at = rng.int(b.length + 1)
  if (rng.next() < 0.33) return at
  while (at < b.length && b[at]! >= 0x80) at++
  return at
}

function splice(b: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length - Math.min(remove, b.length - at) + insert.length)
  out.set(b.subarray(0, at), 0)
  out.set(insert, at)
  out.set(b.subarray(Math.min(b.length, at + remove)), at + insert.length)
  return out
}

function splitLines(b: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = []
  let start = 0
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a) {
      lines.push(b.subarray(start, i))
      start = i + 1
    }
  }
  if (start < b.length) lines.push(b.subarray(start))
  return lines
}

function joinLines(lines: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(lines.flatMap((l, i) => (i === 0 ? [l] : [Buffer.from('\n'), l]))))
}

/** Files that are wrong as a whole rather than in a place. */
const WHOLE_FILES: Record<string, (rng: Rng) => Uint8Array> = {
  empty: () => new Uint8Array(0),
  'bom-only': () => Uint8Array.from([0xef, 0xbb, 0xbf]),
  'blank-only': (rng) => new Uint8Array(Buffer.from(pick(rng, ['\n', '\r\n\r\n', '   \n\t\n', ' ']))),
  'header-only': (rng) => new Uint8Array(Buffer.from(pick(rng, ['machine,temp\n', '設備,温度', 'a;b;c\r\n']))),
  'random-bytes': (rng) => Uint8Array.from({ length: 1 + rng.int(400) }, () => rng.int(256)),
  'nul-bytes': (rng) => new Uint8Array(1 + rng.int(100)),
  'random-csv-ish': (rng) => {
    const alphabet = Buffer.from('ab01.,;\t\n\r"-Ee+ =@')
    return Uint8Array.from({ length: 1 + rng.int(300) }, () => alphabet[rng.int(alphabet.length)]!)
  },
  'shift-jis-as-utf-8': () => new Uint8Array(iconv.encode('設備,温度,圧力\r\n1号機,20.5,101.3\r\n2号機,21.0,\r\n', 'cp932')),
}

/** A text case: a generated table, encoded, then mutated. */
function textCase(rng: Rng): FuzzCase {
  const table = rng.next() < 0.6 ? wideTable(rng) : longTable(rng)
  const delimiter = pick(rng, [',', ',', '\t', ';'] as const)
  const encoding = pick(rng, ['utf-8', 'utf-8', 'utf-8-bom', 'cp932'] as const)
  let bytes = encode(textOf(rng, table, delimiter), encoding)
  const steps: string[] = []
  for (let k = rng.int(4); k > 0; k--) {
    const name = pick(rng, rng.next() < 0.25 ? BYTE_LEVEL : STRUCTURAL)
    bytes = MUTATIONS[name]!(rng, bytes)
    steps.push(name)
  }
  // Shift_JIS declared as UTF-8 (or the reverse) is the classic mislabelled file.
  const mislabel = rng.next() < 0.1
  const extension = delimiter === '\t' && rng.next() < 0.7 ? 'tsv' : pick(rng, ['csv', 'csv', 'txt'] as const)
  return { bytes, extension, options: optionsFor(rng, table, mislabel), recipe: [`${table.layout} ${extension} ${encoding}`, ...steps].join(' · ') }
}

function wholeFileCase(rng: Rng): FuzzCase {
  const name = pick(rng, Object.keys(WHOLE_FILES))
  return {
    bytes: WHOLE_FILES[name]!(rng),
    extension: pick(rng, ['csv', 'tsv', 'txt', 'xlsx'] as const),
    options: optionsFor(rng, undefined, rng.next() < 0.3),
    recipe: name,
  }
}

/** A few small workbooks, made once (writing XLSX costs milliseconds each): wide and long, with formula labels and formula cells. */
export async function xlsxSeeds(rng: Rng, count: number): Promise<{ bytes: Uint8Array; layout: 'wide' | 'long' }[]> {
  const seeds: { bytes: Uint8Array; layout: 'wide' | 'long' }[] = []
  for (let i = 0; i < count; i++) {
    const table = i % 2 === 0 ? wideTable(rng) : longTable(rng)
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet(pick(rng, ['Sensors', 'データ', 'Sheet1']))
    for (const cells of table.lines.slice(0, 200)) {
      sheet.addRow(
        cells.map((c) => {
          if (c !== '' && Number.isFinite(Number(c)) && rng.next() < 0.9) return Number(c)
          if (rng.next() < 0.03) return { formula: '1+1', result: 2 }
          return c
        }),
      )
    }
    if (rng.next() < 0.3) workbook.addWorksheet('Notes').addRow(['written by', '=1+1'])
    seeds.push({ bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), layout: table.layout })
  }
  return seeds
}

function xlsxCase(rng: Rng, seeds: readonly { bytes: Uint8Array; layout: 'wide' | 'long' }[]): FuzzCase {
  const seed = pick(rng, seeds)
  let bytes = seed.bytes
  const steps: string[] = []
  // Half stay whole workbooks (read through exceljs to the end), half are damaged zips.
  if (rng.next() < 0.5) {
    for (let k = 1 + rng.int(2); k > 0; k--) {
      const name = pick(rng, ['truncate', 'flip-bytes', 'insert-bytes', 'delete-stretch'])
      bytes = MUTATIONS[name]!(rng, bytes)
      steps.push(name)
    }
  }
  const options = optionsFor(rng, undefined, false)
  if (rng.next() < 0.8) options.layout = seed.layout
  if (rng.next() < 0.15) options.sheet = pick(rng, [0, 1, 5, 'Notes', 'nope'] as const)
  if (rng.next() < 0.1) options.format = 'csv'
  return { bytes, extension: rng.next() < 0.9 ? 'xlsx' : 'csv', options, recipe: [`${seed.layout} xlsx`, ...steps].join(' · ') }
}

/** The i-th case of a corpus: about 80 % generated text, 10 % whole-file oddities, 10 % XLSX. */
export function fuzzCase(rng: Rng, seeds: readonly { bytes: Uint8Array; layout: 'wide' | 'long' }[]): FuzzCase {
  const roll = rng.next()
  if (roll < 0.1 && seeds.length > 0) return xlsxCase(rng, seeds)
  if (roll < 0.2) return wholeFileCase(rng)
  return textCase(rng)
}
