import { describe, expect, it } from 'vitest'
import { exportCommand, exportRequestFrom } from '../../src-main/cli/commands/export.js'
import { predictCommand } from '../../src-main/cli/commands/predict.js'
import { UsageError } from '../../src-main/cli/errors.js'

describe('--raw-labels', () => {
  it('turns the formula guard off in CSV export requests; off by default', () => {
    expect(exportRequestFrom({ dataset: '3', 'raw-labels': true }).request).toEqual({ kind: 'dataset-csv', datasetId: 3, rawLabels: true })
    expect(exportRequestFrom({ dataset: '3' }).request).toEqual({ kind: 'dataset-csv', datasetId: 3, rawLabels: false })
    expect(exportRequestFrom({ model: ['4'], what: 'missing', format: 'csv', 'raw-labels': true }).request).toMatchObject({
      kind: 'missing-predictions',
      rawLabels: true,
    })
    expect(exportRequestFrom({ model: ['4'], what: 'risk', format: 'csv', 'raw-labels': true }).request).toMatchObject({ kind: 'risk-list', rawLabels: true })
    expect(exportRequestFrom({ model: ['4'], what: 'completed', format: 'csv' }).request).toMatchObject({ kind: 'completed-matrix', rawLabels: false })
  })

  it('is refused where it means nothing: XLSX (labels always exact) and pilot reports', () => {
    expect(() => exportRequestFrom({ model: ['4'], what: 'completed', format: 'xlsx', 'raw-labels': true })).toThrow(UsageError)
    expect(() => exportRequestFrom({ model: ['4'], what: 'completed', format: 'xlsx', 'raw-labels': true })).toThrow(/--format csv only/)
    expect(() => exportRequestFrom({ pilot: '1', format: 'html', 'raw-labels': true })).toThrow(/--raw-labels does not apply to --pilot/)
  })

  it('is an option of export and predict', () => {
    expect(exportCommand.options['raw-labels']).toMatchObject({ type: 'boolean' })
    expect(predictCommand.options['raw-labels']).toMatchObject({ type: 'boolean' })
  })
})
