/**
 * Import benchmark: our importFile against the sqlite3 CLI `.import` of the same file into a
 * plain table, measured in the same run, for a generated 1M-entry long CSV and for SECOM.
 * Run: node --import tsx bench/import.ts
 * Each import runs in a fresh child process so its peak RSS is its own.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRng } from '../src-main/core/random.js'

const HERE = fileURLToPath(import.meta.url)
const SECOM = path.resolve(path.dirname(HERE), '../resources/sample-data/secom.csv')
const REPEATS = 3

/** 1M entries: 5,000 machines × 200 sensors, shuffled so the import has to sort. */
export function writeLongCsv(file: string, entries = 1_000_000): void {
  const rng = createRng(1)
  const order = new Int32Array(entries).map((_, i) => i)
  for (let i = entries - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = order[i]!
    order[i] = order[j]!
    order[j] = t
  }
  const parts: string[] = ['machine,sensor,value\n']
  for (const e of order) parts.push(`m${String(Math.floor(e / 200)).padStart(5, '0')},s${String(e % 200).padStart(3, '0')},${(rng.normal() * 10 + 50).toFixed(4)}\n`)
  fs.writeFileSync(file, parts.join(''))
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function sqliteCliImport(file: string, work: string): number {
  const db = path.join(work, `cli-${Math.random().toString(36).slice(2)}.db`)
  const start = performance.now()
  const r = spawnSync('sqlite3', [db, '-cmd', '.mode csv', `.import ${file} t`], { stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = performance.now() - start
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr?.toString()}`)
  fs.rmSync(db, { force: true })
  return ms
}

function ourImport(file: string, layout: string, work: string): { ms: number; rssMB: number; nObserved: number } {
  const dataDir = fs.mkdtempSync(path.join(work, 'store-'))
  const r = spawnSync(process.execPath, ['--import', 'tsx', HERE, '--child', dataDir, file, layout], { encoding: 'utf8' })
  fs.rmSync(dataDir, { recursive: true, force: true })
  if (r.status !== 0) throw new Error(`import child failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; rssMB: number; nObserved: number }
}

export interface ImportBenchRow {
  file: string
  entries: number
  oursMs: number
  peakRssMB: number
  sqliteCliMs: number
  ratio: number
}

export async function benchImport(): Promise<ImportBenchRow[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-bench-import-'))
  try {
    const longFile = path.join(work, 'long-1m.csv')
    writeLongCsv(longFile)
    const rows: ImportBenchRow[] = []
    for (const [label, file, layout] of [['long 1M entries', longFile, 'long'], ['SECOM (wide)', SECOM, 'wide']] as const) {
      const cli: number[] = []
      const ours: { ms: number; rssMB: number; nObserved: number }[] = []
      // Interleave the two so machine load affects both alike.
      for (let k = 0; k < REPEATS; k++) {
        cli.push(sqliteCliImport(file, work))
        ours.push(ourImport(file, layout, work))
      }
      const oursMs = median(ours.map((o) => o.ms))
      const sqliteCliMs = median(cli)
      rows.push({
        file: label,
        entries: ours[0]!.nObserved,
        oursMs: Math.round(oursMs),
        peakRssMB: Math.round(Math.max(...ours.map((o) => o.rssMB))),
        sqliteCliMs: Math.round(sqliteCliMs),
        ratio: Number((oursMs / sqliteCliMs).toFixed(2)),
      })
    }
    console.log(`Import benchmark (median of ${REPEATS}; ratio = ours / sqlite3 CLI .import; target ≤ 1.5)`)
    console.table(rows)
    return rows
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

async function child(dataDir: string, file: string, layout: 'wide' | 'long'): Promise<void> {
  const { openDatabase } = await import('../src-main/core/store/open.js')
  const { importFile } = await import('../src-main/core/import/index.js')
  const db = openDatabase(dataDir)
  const start = performance.now()
  const result = await importFile(db, file, { layout })
  const ms = performance.now() - start
  if (!result.ok) throw new Error('import rejected')
  db.close()
  // maxRSS is in kilobytes.
  console.log(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024, nObserved: result.stats.nObserved }))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [flag, dataDir, file, layout] = process.argv.slice(2)
  if (flag === '--child') await child(dataDir!, file!, layout as 'wide' | 'long')
  else await benchImport()
}
