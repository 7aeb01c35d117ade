import { describe, expect, it } from 'vitest'
import { runImportFuzz, unspecificFileError, unspecificReport } from '../../../bench/reliability/fuzz.js'
import { ImportError } from '../../../src-main/core/import/index.js'

/**
 * The small version of `npm run bench -- reliability`'s import fuzz: the bench's own corpus and
 * checks on 200 files (seeded), which must find no crash, no partial dataset and no refusal
 * without its specifics.
 */
describe('import fuzz campaign (small)', () => {
  it('200 generated and mutated files: no crash, no partial dataset, every refusal specific', async () => {
    const counts = await runImportFuzz({ files: 200, seed: 7, perStore: 100, previewEvery: 4 })
    expect(counts.examples).toEqual([])
    expect(counts).toMatchObject({ files: 200, previews: 50, stores: 2, crashes: 0, partialDatasets: 0, unspecificRefusals: 0, badStores: 0 })
    // The corpus reaches every outcome, not one kind of failure only.
    expect(counts.accepted).toBeGreaterThan(10)
    expect(counts.refusedCells).toBeGreaterThan(10)
    expect(Object.keys(counts.refusedFile).length).toBeGreaterThan(5)
  }, 120_000)

  it('counts a refusal as unspecific when it lacks the line or column its code has, or a worded reason', () => {
    expect(unspecificFileError(new ImportError('truncated', 'a.csv', 'The file ends inside a quoted field.', 4), 'a.csv')).toBeNull()
    expect(unspecificFileError(new ImportError('truncated', 'a.csv', 'The file ends inside a quoted field.'), 'a.csv')).toMatch(/without a line/)
    expect(unspecificFileError(new ImportError('duplicate-column', 'a.csv', 'The header names column "t" twice.', 1), 'a.csv')).toMatch(/without a column/)
    expect(unspecificFileError(new ImportError('empty-file', 'a.csv', 'Empty.'), 'a.csv')).toMatch(/no worded reason/)
    expect(unspecificFileError(new ImportError('empty-file', 'b.csv', 'The file is empty.'), 'a.csv')).toMatch(/does not name the file/)
    const issue = { reason: 'not-a-number' as const, line: 3, column: 'temp', raw: 'x', message: 'Cell in column "temp" is not a number: "x".' }
    expect(unspecificReport({ counts: { 'not-a-number': 1 }, issues: [issue], totalIssues: 1 })).toBeNull()
    expect(unspecificReport({ counts: { 'not-a-number': 1 }, issues: [{ ...issue, column: '' }], totalIssues: 1 })).toMatch(/without a column/)
    expect(unspecificReport({ counts: {}, issues: [], totalIssues: 0 })).toMatch(/empty report/)
  })
})
