import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FILE_ERROR_CODES, importFile, ImportError, previewImport, type ImportReport } from '../../src-main/core/import/index.js'
import { createRng } from '../../src-main/core/random.js'
import { loadMatrix } from '../../src-main/core/store/datasets.js'
import { openDatabase, type Db } from '../../src-main/core/store/open.js'
import { releaseOwner } from '../../src-main/core/store/owners.js'
import { fuzzCase, xlsxSeeds, type FuzzCase } from './corpus.js'
import { datasetProblems, datasetTableCounts, integrityOk, stagedCount } from './store-checks.js'

export interface FuzzOptions {
  files: number
  seed: number
  /** Files imported into one store before it is checked in full, closed and replaced. */
  perStore: number
  /** Every n-th file is also previewed first, as the import page does (0: none). */
  previewEvery?: number
  log?: (line: string) => void
}

export interface FuzzCounts {
  files: number
  accepted: number
  /** Refused for bad cells, with the report naming them. */
  refusedCells: number
  /** Refused as a whole (an ImportError), by code. */
  refusedFile: Record<string, number>
  /** A thrown value that is not the import's own ImportError, from the import or the preview. */
  crashes: number
  previews: number
  /** A refused import that left anything behind, or an accepted one stored incompletely. */
  partialDatasets: number
  /** Refusals without the file, line and column where the code has them, or without a worded reason. */
  unspecificRefusals: number
  /** Stores that failed PRAGMA integrity_check or the full dataset check at the end of their batch. */
  badStores: number
  stores: number
  /** The first few of each kind of failure, to reproduce. */
  examples: string[]
}

/** Codes whose error always knows the line (and, for header problems, the column) it is about. */
const LOCATED: Partial<Record<string, 'line' | 'line+column'>> = {
  truncated: 'line',
  'malformed-csv': 'line',
  'header-only': 'line',
  undecodable: 'line',
  'blank-header': 'line+column',
  'duplicate-column': 'line+column',
}

/** Why an ImportError is not specific enough for a user to act on, or null when it is. */
export function unspecificFileError(error: ImportError, file: string): string | null {
  if (!(FILE_ERROR_CODES as readonly string[]).includes(error.code)) return `unknown code ${error.code}`
  if (error.file !== file || !error.message.startsWith(file)) return `does not name the file: ${error.message}`
  const detail = error.message.slice(error.message.indexOf(': ') + 2)
  if (detail.length < 12) return `no worded reason: ${error.message}`
  const located = LOCATED[error.code]
  if (located && (error.line === undefined || !(error.line >= 1))) return `${error.code} without a line: ${error.message}`
  if (located === 'line+column' && !error.column) return `${error.code} without a column: ${error.message}`
  return null
}

/** Why a bad-cell report is not specific, or null: its first issue must give line, column (but for a whole row) and the cell. */
export function unspecificReport(report: ImportReport): string | null {
  const first = report.issues[0]
  if (report.totalIssues < 1 || !first) return 'refused with an empty report'
  if (!(first.line >= 1)) return `issue without a line: ${first.message}`
  if (first.column === '' && first.reason !== 'ragged-row') return `${first.reason} without a column: ${first.message}`
  if (first.message.length < 12) return `no worded reason: ${first.message}`
  return null
}

function example(counts: FuzzCounts, kind: string, index: number, c: FuzzCase, detail: string): void {
  if (counts.examples.filter((e) => e.startsWith(kind)).length < 5) {
    counts.examples.push(`${kind} #${index} (${c.recipe}; ${JSON.stringify(c.options)}): ${detail.slice(0, 300)}`)
  }
}

/**
 * Imports `files` generated and mutated files through importFile, the path the app, its jobs and
 * the CLI all take (every `previewEvery`-th previewed first, as the import page does), into real stores (one per `perStore` files). Each outcome is checked where it
 * happens (a refusal leaves every dataset table as it was, an acceptance adds one whole dataset
 * that loads back), and each store in full at the end of its batch, again after reopening it.
 */
export async function runImportFuzz(options: FuzzOptions): Promise<FuzzCounts> {
  const rng = createRng(options.seed)
  const seeds = await xlsxSeeds(rng, 12)
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-fuzz-'))
  const counts: FuzzCounts = {
    files: 0,
    previews: 0,
    accepted: 0,
    refusedCells: 0,
    refusedFile: {},
    crashes: 0,
    partialDatasets: 0,
    unspecificRefusals: 0,
    badStores: 0,
    stores: 0,
    examples: [],
  }
  let db: Db | undefined
  let storeDir = ''
  const closeStore = (): void => {
    if (!db) return
    const problems = [...datasetProblems(db), ...(integrityOk(db) ? [] : ['integrity_check failed']), ...(stagedCount(db) > 0 ? ['staging left'] : [])]
    releaseOwner(db)
    db.close()
    // As the app would find it next time.
    const reopened = openDatabase(storeDir)
    problems.push(...datasetProblems(reopened), ...(integrityOk(reopened) ? [] : ['integrity_check failed after reopening']))
    reopened.close()
    if (problems.length > 0) {
      counts.badStores++
      counts.examples.push(`bad store after ${counts.files} files: ${problems.join('; ')}`)
    }
    fs.rmSync(storeDir, { recursive: true, force: true })
    db = undefined
  }
  try {
    for (let i = 0; i < options.files; i++) {
      if (i % options.perStore === 0) {
        closeStore()
        storeDir = path.join(work, `store-${counts.stores++}`)
        db = openDatabase(storeDir)
      }
      const c = fuzzCase(rng, seeds)
      const name = `case-${i}.${c.extension}`
      const file = path.join(work, name)
      fs.writeFileSync(file, c.bytes)
      if (options.previewEvery && i % options.previewEvery === 0) {
        counts.previews++
        await previewImport(file, c.options).catch((error: unknown) => {
          if (error instanceof ImportError) return
          counts.crashes++
          example(
            counts,
            'crash',
            i,
            c,
            `preview: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 4).join('\n')}` : String(error)}`,
          )
        })
      }
      const before = datasetTableCounts(db!)
      counts.files++
      let acceptedNow = false
      try {
        const result = await importFile(db!, file, c.options)
        if (result.ok) {
          acceptedNow = true
          counts.accepted++
          const stored = loadMatrix(db!, result.datasetId)
          const problems = datasetProblems(db!)
          if (stored.matrix.values.length !== result.stats.nObserved || problems.length > 0) {
            counts.partialDatasets++
            example(counts, 'partial', i, c, `accepted dataset ${result.datasetId}: ${problems.join('; ')}`)
          }
        } else {
          counts.refusedCells++
          const why = unspecificReport(result.report)
          if (why) {
            counts.unspecificRefusals++
            example(counts, 'unspecific', i, c, why)
          }
        }
      } catch (error) {
        if (error instanceof ImportError) {
          counts.refusedFile[error.code] = (counts.refusedFile[error.code] ?? 0) + 1
          const why = unspecificFileError(error, name)
          if (why) {
            counts.unspecificRefusals++
            example(counts, 'unspecific', i, c, why)
          }
        } else {
          counts.crashes++
          example(
            counts,
            'crash',
            i,
            c,
            error instanceof Error ? `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 4).join('\n')}` : String(error),
          )
        }
      }
      const after = datasetTableCounts(db!)
      if (!acceptedNow && (after !== before || stagedCount(db!) > 0)) {
        counts.partialDatasets++
        example(counts, 'partial', i, c, `refused, but the dataset tables went from ${before} to ${after}`)
      }
      fs.rmSync(file)
      if ((i + 1) % 1000 === 0) options.log?.(`  ${i + 1} files: ${counts.accepted} accepted, ${counts.crashes} crashes, ${counts.partialDatasets} partial`)
    }
    closeStore()
  } finally {
    if (db) {
      releaseOwner(db)
      db.close()
    }
    fs.rmSync(work, { recursive: true, force: true })
  }
  return counts
}
