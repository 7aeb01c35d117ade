import { describe, expect, it } from 'vitest'
import { ImportError } from '../../src-main/core/import/report.js'
import { errorDetailOf } from '../../src-main/jobs/error-detail.js'

describe('job error details', () => {
  it('turn file errors into codes with file, line and column, and leave our own failures without one', () => {
    expect(errorDetailOf(new ImportError('empty-file', 'a.csv', 'The file is empty.'))).toEqual({ code: 'import-empty-file', params: { file: 'a.csv' } })
    expect(errorDetailOf(new ImportError('duplicate-column', 'b.csv', 'The header names column "t" twice.', 1, 't')))
      .toEqual({ code: 'import-duplicate-column', params: { file: 'b.csv', line: 1, column: 't' } })
    expect(errorDetailOf(new Error('disk on fire'))).toBeUndefined()
  })
})
