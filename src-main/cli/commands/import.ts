import path from 'node:path'
import { getDataset } from '../../core/store/datasets.js'
import type { Command } from '../command.js'
import { rejectedInput, UsageError } from '../errors.js'
import { READ_OPTIONS, readOptionsFrom } from '../import-flags.js'
import { importProgress } from '../progress.js'
import { datasetJson, issuesJson } from '../shapes.js'
import { choice } from '../values.js'

export const importCommand: Command = {
  name: 'import',
  summary: 'import a CSV, TSV or XLSX matrix into the store as a new dataset (all or nothing)',
  usage: 'import <file> [options]',
  positionals: { required: ['file'] },
  options: {
    name: { type: 'string', valueName: 'NAME', description: 'dataset name (default the file name without extension)' },
    'value-kind': { type: 'string', valueName: 'numeric|binary', description: 'numbers, or 0/1 failures (true/false accepted) (default numeric)' },
    ...READ_OPTIONS,
  },
  async run(ctx) {
    const file = path.resolve(ctx.positionals[0]!)
    const options = readOptionsFrom(ctx.values)
    const valueKind = choice(ctx.values, 'value-kind', ['numeric', 'binary'] as const)
    if (valueKind) options.valueKind = valueKind
    if (options.name !== undefined && options.name.trim() === '') throw new UsageError('--name must not be empty.')
    const { importFile } = await import('../../core/import/index.js')
    const result = await importFile(ctx.store(), file, options, { signal: ctx.signal, onProgress: importProgress(ctx.out) })
    ctx.out.clearBar()
    if (!result.ok) throw rejectedInput(path.basename(file), result.report)
    const dataset = getDataset(ctx.store(), result.datasetId)!
    if (result.report.totalIssues > 0) {
      ctx.out.note(
        `${result.report.totalIssues} bad cell(s) stored as missing (--bad-cells missing); first: line ${result.report.issues[0]!.line}, ${result.report.issues[0]!.message}`,
      )
    }
    ctx.out.text(
      `Imported dataset ${dataset.id} "${dataset.name}": ${dataset.nRows} rows × ${dataset.nCols} columns, ${dataset.nObserved} observed cells (${result.layout} layout).`,
    )
    return {
      dataset: datasetJson(dataset),
      source: {
        file: path.basename(file),
        format: result.source.format,
        encoding: result.source.encoding,
        delimiter: result.source.delimiter,
        sheet: result.source.sheet,
      },
      issues: issuesJson(result.report),
    }
  },
}
