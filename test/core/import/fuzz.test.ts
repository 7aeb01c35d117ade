import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { importFile, ImportError, previewImport, type ImportOptions } from '../../../src-main/core/import/index.js'
import { createRng, type Rng } from '../../../src-main/core/random.js'
import { assertNoPartialDataset, FIXTURES, removeTempDirs, tableCounts, tempDir, tempStore } from './helpers.js'

afterAll(removeTempDirs)

const TEXT_SEEDS = fs
  .readdirSync(FIXTURES)
  .filter((f) => /\.(csv|tsv)$/.test(f))
  .map((f) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, f))))
const XLSX_SEED = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'two-sheets.xlsx')))
const INSERTS = ['"', ',', '\t', ';', '\n', '\r\n', '\r', '""', 'NaN', 'Inf', '1e999', '-', '温度', '\u00a0']

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)]!
}

/** One random mutation: byte flips, truncation, inserted tokens, spliced or random bytes. */
function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  const bytes = Array.from(input)
  const kind = rng.int(6)
  if (kind === 0) {
    for (let k = 1 + rng.int(4); k > 0 && bytes.length > 0; k--) bytes[rng.int(bytes.length)] = rng.int(256)
  } else if (kind === 1) {
    bytes.length = rng.int(bytes.length + 1)
  } else if (kind === 2) {
    for (let k = 1 + rng.int(3); k > 0; k--) bytes.splice(rng.int(bytes.length + 1), 0, ...Buffer.from(pick(rng, INSERTS)))
  } else if (kind === 3) {
    for (let k = 1 + rng.int(8); k > 0; k--) bytes.splice(rng.int(bytes.length + 1), 0, rng.int(256))
  } else if (kind === 4) {
    // Duplicate a stretch (repeated lines, repeated keys).
    const a = rng.int(bytes.length + 1)
    const b = Math.min(bytes.length, a + rng.int(40))
    bytes.splice(rng.int(bytes.length + 1), 0, ...bytes.slice(a, b))
  } else {
    bytes.splice(rng.int(bytes.length + 1), rng.int(10))
  }
  return new Uint8Array(bytes)
}

function randomFile(rng: Rng): Uint8Array {
  const n = rng.int(300)
  const out = new Uint8Array(n)
  // Mostly printable CSV-ish bytes, sometimes anything.
  const printable = rng.next() < 0.7
  const alphabet = Buffer.from('ab01.,;\t\n\r"-Ee+ ')
  for (let i = 0; i < n; i++) out[i] = printable ? alphabet[rng.int(alphabet.length)]! : rng.int(256)
  return out
}

function randomOptions(rng: Rng): ImportOptions {
  return {
    layout: pick(rng, ['auto', 'wide', 'long'] as const),
    badCellPolicy: pick(rng, ['abort', 'missing'] as const),
    duplicatePolicy: pick(rng, ['error', 'mean', 'last'] as const),
    valueKind: rng.next() < 0.8 ? 'numeric' : 'binary',
    ...(rng.next() < 0.2 ? { encoding: pick(rng, ['utf-8', 'shift_jis'] as const) } : {}),
    ...(rng.next() < 0.2 ? { delimiter: pick(rng, ['comma', 'tab', 'semicolon'] as const) } : {}),
  }
}

/** Imports one file: it must succeed, be rejected with a report, or throw an ImportError. */
async function runCase(db: ReturnType<typeof tempStore>, file: string, options: ImportOptions, label: string): Promise<string> {
  const before = tableCounts(db)
  try {
    const result = await importFile(db, file, options)
    if (!result.ok) {
      expect(result.report.totalIssues, label).toBeGreaterThan(0)
      expect(tableCounts(db), label).toEqual(before)
      return 'rejected'
    }
    expect(tableCounts(db).datasets, label).toBe(before.datasets! + 1)
    return 'imported'
  } catch (error) {
    if (!(error instanceof ImportError)) throw new Error(`${label}: untyped failure ${String(error)}`, { cause: error })
    expect(tableCounts(db), label).toEqual(before)
    return error.code
  }
}

describe('import fuzzing (seeded)', () => {
  it('1,100 random and mutated text files: no crash, no partial dataset', async () => {
    const rng = createRng(20240603)
    const db = tempStore()
    const dir = tempDir()
    const outcomes: Record<string, number> = {}
    for (let i = 0; i < 1100; i++) {
      const bytes = i % 5 === 4 ? randomFile(rng) : mutate(rng, mutate(rng, pick(rng, TEXT_SEEDS)))
      const file = path.join(dir, `case-${i}.${pick(rng, ['csv', 'tsv', 'txt'])}`)
      fs.writeFileSync(file, bytes)
      const label = `case ${i}: ${JSON.stringify(Buffer.from(bytes).toString('latin1').slice(0, 120))}`
      const outcome = await runCase(db, file, randomOptions(rng), label)
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
      if (i % 10 === 0) {
        // The preview must fail just as cleanly.
        await previewImport(file).catch((e: unknown) => {
          if (!(e instanceof ImportError)) throw new Error(`${label}: preview failed untyped: ${String(e)}`)
        })
      }
    }
    assertNoPartialDataset(db)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    // The corpus exercises both outcomes, not just one kind of failure.
    expect(outcomes.imported).toBeGreaterThan(100)
    expect(outcomes.rejected).toBeGreaterThan(50)
    expect(Object.keys(outcomes).length).toBeGreaterThan(5)
  })

  it('60 mutated XLSX files: no crash, no partial dataset', async () => {
    const rng = createRng(99)
    const db = tempStore()
    const dir = tempDir()
    for (let i = 0; i < 60; i++) {
      const file = path.join(dir, `case-${i}.xlsx`)
      fs.writeFileSync(file, mutate(rng, XLSX_SEED))
      await runCase(db, file, randomOptions(rng), `xlsx case ${i}`)
    }
    assertNoPartialDataset(db)
  })
})
