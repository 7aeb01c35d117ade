import { describe, expect, it } from 'vitest'
import { ImportError } from '../../src-main/core/import/report.js'
import { PilotError } from '../../src-main/core/pilot/runner.js'
import { errorDetailOf } from '../../src-main/platform/error-detail.js'
import { toErrorBody } from '../../src-main/services/api-error.js'

describe('error details', () => {
  it('turn file errors into codes with file, line and column, and leave our own failures without one', () => {
    expect(errorDetailOf(new ImportError('empty-file', 'a.csv', 'The file is empty.'))).toEqual({ code: 'import-empty-file', params: { file: 'a.csv' } })
    expect(errorDetailOf(new ImportError('duplicate-column', 'b.csv', 'The header names column "t" twice.', 1, 't'))).toEqual({
      code: 'import-duplicate-column',
      params: { file: 'b.csv', line: 1, column: 't' },
    })
    expect(errorDetailOf(new Error('disk on fire'))).toBeUndefined()
  })

  it("keep a refused pilot's code and numbers through the services, instead of an internal error", () => {
    const refused = new PilotError('too-few-rows-for-new-rows', 'Holding out whole rows needs more rows.', {
      code: 'too-few-rows-for-new-rows',
      nRows: 3,
      heldOutRows: 0,
      reasons: ['x'],
    })
    expect(toErrorBody(refused, () => {})).toEqual({
      code: 'bad-request',
      message: 'Holding out whole rows needs more rows.',
      detail: { code: 'pilot-too-few-rows-for-new-rows', params: { code: 'too-few-rows-for-new-rows', nRows: 3, heldOutRows: 0 } },
    })
    expect(toErrorBody(new Error('/secret/path broke'), () => {}).code).toBe('internal')
  })
})
