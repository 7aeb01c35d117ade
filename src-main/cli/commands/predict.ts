import path from 'node:path'
import type { Command } from '../command.js'
import { engineFor } from '../engine.js'
import { rejectedInput, UsageError } from '../errors.js'
import { READ_OPTIONS, readOptionsFrom } from '../import-flags.js'
import { importProgress } from '../progress.js'
import { issuesJson } from '../shapes.js'
import { choice, integer, requiredStr } from '../values.js'

export const predictCommand: Command = {
  name: 'predict',
  summary: 'fold new rows (same columns, matched by label) into a saved model without retraining; write their predictions as CSV',
  usage: 'predict --model ID <file> --out FILE.csv [options]',
  positionals: { required: ['file'] },
  options: {
    model: { type: 'string', valueName: 'ID', description: 'the saved model (required; see `models`); it must be complete' },
    out: { type: 'string', valueName: 'FILE.csv', description: 'where to write the predictions (required; replaced if it exists)' },
    seed: { type: 'string', valueName: 'N', description: 'seed of the NNMF fold-in (default 0)' },
    engine: { type: 'string', valueName: 'auto|fastcpu|tfjs|webgpu', description: 'NNMF engine for the fold-in (default auto)' },
    'raw-labels': { type: 'boolean', description: 'write labels exactly as read, without the spreadsheet formula guard (for scripts)' },
    ...READ_OPTIONS,
  },
  async run(ctx) {
    const file = path.resolve(ctx.positionals[0]!)
    const modelId = integer(ctx.values, 'model', 1) ?? Number(requiredStr(ctx.values, 'model'))
    const out = path.resolve(requiredStr(ctx.values, 'out'))
    if (path.resolve(out) === file) throw new UsageError('--out must not be the input file.')
    const seed = integer(ctx.values, 'seed', 0) ?? 0
    const preference = choice(ctx.values, 'engine', ['auto', 'fastcpu', 'tfjs', 'webgpu'] as const) ?? 'auto'
    const { predictNewRows, readNewRows, reusableModel, writePredictionsCsv } = await import('../../core/reuse/index.js')
    const db = ctx.store()
    const { record, columnLabels, valueKind } = reusableModel(db, modelId)

    const read = await readNewRows(file, { ...readOptionsFrom(ctx.values), valueKind }, columnLabels, {
      signal: ctx.signal,
      onProgress: importProgress(ctx.out),
    })
    ctx.out.clearBar()
    if (!read.ok) throw rejectedInput(path.basename(file), read.report)
    if (read.unknownColumns.length > 0) {
      const shown = read.unknownColumns
        .slice(0, 5)
        .map((c) => `"${c}"`)
        .join(', ')
      ctx.out.note(`Ignored ${read.unknownColumns.length} column(s) the model does not know: ${shown}${read.unknownColumns.length > 5 ? ', …' : ''}`)
    }
    const engine = await engineFor(record.kind, preference)
    ctx.out.note(
      `Folding ${read.rows.rowLabels.length} new row(s) into model ${record.id} "${record.name}" (${record.kind}); engine: ${engine.name} · ${engine.label}`,
    )
    const predictions = await predictNewRows(db, modelId, read.rows, { engine, seed, signal: ctx.signal })
    await writePredictionsCsv(out, predictions, { signal: ctx.signal, rawLabels: ctx.values['raw-labels'] === true })
    ctx.out.text(
      `Wrote ${predictions.value.length} cells (${predictions.nPredicted} predicted, ${predictions.nObserved} observed) for ${read.rows.rowLabels.length} rows to ${out}.`,
    )
    return {
      model: predictions.model,
      engine: engine.name,
      backend: engine.label,
      out,
      rows: read.rows.rowLabels.length,
      columns: columnLabels.length,
      cells: predictions.value.length,
      predicted: predictions.nPredicted,
      observed: predictions.nObserved,
      unknownColumns: read.unknownColumns,
      absentColumns: read.absentColumns,
      issues: issuesJson(read.report),
    }
  },
}
