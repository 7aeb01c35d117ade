import fs from 'node:fs'
import path from 'node:path'
import type { ExportRequest } from '../../core/export/request.js'
import { getDataset } from '../../core/store/datasets.js'
import { getModel } from '../../core/store/models.js'
import type { Db } from '../../core/store/open.js'
import { getPilot } from '../../core/store/pilots.js'
import type { Command } from '../command.js'
import { InputError, noSuchDataset, UsageError } from '../errors.js'
import { choice, integer, requiredStr, str } from '../values.js'

type Source = 'pilot' | 'model' | 'dataset'

/** Which flags each source takes besides --out; any other is a bad combination. */
const ALLOWED: Record<Source, readonly string[]> = {
  pilot: ['format', 'language'],
  model: ['what', 'format', 'layout', 'top', 'language', 'raw-labels'],
  dataset: ['format', 'raw-labels'],
}
const EXPORT_FLAGS = ['what', 'format', 'layout', 'top', 'language', 'raw-labels'] as const

function ids(values: Record<string, unknown>, flag: string): number[] {
  const raw = values[flag]
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : []
  return list.map((v) => integer({ [flag]: v }, flag, 1)!)
}

/**
 * The flags as an export request (core/export/request.ts), every combination the core would not
 * take refused here with a message that says which flag goes with which.
 */
export function exportRequestFrom(values: Record<string, unknown>): { source: Source; request: ExportRequest } {
  const given = (['pilot', 'model', 'dataset'] as const).filter((f) => values[f] !== undefined)
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? 'Say what to export: --pilot ID (report), --model ID (predictions) or --dataset ID (the data as CSV).'
        : `Give one of --pilot, --model and --dataset, not ${given.map((f) => `--${f}`).join(' and ')}.`,
    )
  }
  const source = given[0]!
  for (const flag of EXPORT_FLAGS) {
    if (values[flag] !== undefined && !ALLOWED[source].includes(flag)) {
      const where =
        flag === 'layout'
          ? '--model with --what completed'
          : flag === 'top'
            ? '--model with --what risk'
            : flag === 'what'
              ? '--model'
              : flag === 'raw-labels'
                ? 'CSV exports (--model with --format csv, or --dataset)'
                : '--pilot or --model'
      throw new UsageError(`--${flag} does not apply to --${source}; it goes with ${where}.`)
    }
  }
  const list = ids(values, source)
  if (list.length > 1 && source !== 'model') throw new UsageError(`Give --${source} once.`)
  const language = choice(values, 'language', ['ja', 'en'] as const) ?? 'en'
  const rawLabels = values['raw-labels'] === true
  if (source === 'dataset') {
    choice(values, 'format', ['csv'] as const)
    return { source, request: { kind: 'dataset-csv', datasetId: list[0]!, rawLabels } }
  }
  if (source === 'pilot') {
    const format = choice(values, 'format', ['html', 'pdf'] as const)
    if (!format) throw new UsageError('--format is required with --pilot (html or pdf).')
    return { source, request: { kind: 'pilot-report', pilotId: list[0]!, format, language } }
  }
  const what = choice(values, 'what', ['completed', 'missing', 'risk'] as const)
  if (!what) throw new UsageError('--what is required with --model (completed, missing or risk).')
  const format = choice(values, 'format', ['csv', 'xlsx'] as const)
  if (!format) throw new UsageError('--format is required with --model (csv or xlsx).')
  if (values.layout !== undefined && what !== 'completed') throw new UsageError('--layout applies to --what completed only.')
  if (values.top !== undefined && what !== 'risk') throw new UsageError('--top applies to --what risk only.')
  if (rawLabels && format !== 'csv') throw new UsageError('--raw-labels applies to --format csv only (XLSX cells always hold the labels as stored).')
  if (list.length > 1 && what !== 'missing')
    throw new UsageError('Several --model apply to --what missing only (their predictions side by side, with the spread).')
  if (list.length > 20) throw new UsageError('At most 20 --model.')
  switch (what) {
    case 'completed':
      return {
        source,
        request: {
          kind: 'completed-matrix',
          modelId: list[0]!,
          format,
          layout: choice(values, 'layout', ['wide', 'long'] as const) ?? 'long',
          language,
          rawLabels,
        },
      }
    case 'missing':
      return { source, request: { kind: 'missing-predictions', modelIds: list, format, language, rawLabels } }
    case 'risk': {
      const top = integer(values, 'top', 1) ?? 100
      if (top > 100_000) throw new UsageError(`--top must be at most 100000 (got ${top}).`)
      return { source, request: { kind: 'risk-list', modelId: list[0]!, topN: top, format, language, rawLabels } }
    }
  }
}

/** What the store must hold for the request: unknown ids, unfinished runs and wrong data are bad input (exit 2). */
function checkAgainstStore(db: Db, request: ExportRequest): void {
  const model = (id: number) => {
    const record = getModel(db, id)
    if (!record) throw new InputError('no-such-model', `No model with id ${id} (see \`nnmf-workbench models\`).`)
    if (record.status !== 'complete') throw new InputError('model-not-ready', `Model ${id} is ${record.status}: only a complete model can be exported.`)
    if (record.datasetId === null || !getDataset(db, record.datasetId)) throw new InputError('no-dataset', `The dataset of model ${id} has been deleted.`)
    return record
  }
  switch (request.kind) {
    case 'dataset-csv':
      if (!getDataset(db, request.datasetId)) throw noSuchDataset(request.datasetId)
      return
    case 'pilot-report': {
      const pilot = getPilot(db, request.pilotId)
      if (!pilot) throw new InputError('no-such-pilot', `No pilot with id ${request.pilotId} (see \`nnmf-workbench pilots\`).`)
      if (pilot.status !== 'complete')
        throw new InputError('pilot-not-ready', `Pilot ${request.pilotId} is ${pilot.status}: only a complete pilot has a report.`)
      return
    }
    case 'completed-matrix':
      model(request.modelId)
      return
    case 'missing-predictions': {
      const records = request.modelIds.map(model)
      const other = records.find((r) => r.datasetId !== records[0]!.datasetId)
      if (other)
        throw new InputError(
          'models-differ',
          `Models ${records[0]!.id} and ${other.id} were trained on different datasets; predictions side by side need one dataset.`,
        )
      return
    }
    case 'risk-list': {
      const record = model(request.modelId)
      if (getDataset(db, record.datasetId!)!.valueKind !== 'binary') {
        throw new InputError(
          'not-binary',
          `Model ${record.id} was trained on measurements, not 0/1 failures: a risk list needs a failure matrix (binary dataset).`,
        )
      }
    }
  }
}

/** --out: a file in an existing folder, not the store itself. */
function outPath(values: Record<string, unknown>, dataDir: string): string {
  const out = path.resolve(requiredStr(values, 'out'))
  if (str(values, 'out')!.trim() === '') throw new UsageError('--out must not be empty.')
  const dir = path.dirname(out)
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--out: the folder ${dir} does not exist.`)
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new UsageError(`--out: ${out} is a folder; give a file name.`)
  if (path.dirname(out) === dataDir && path.basename(out).startsWith('workbench.sqlite')) throw new UsageError('--out must not be the store.')
  return out
}

export const exportCommand: Command = {
  name: 'export',
  summary: "write a pilot report (HTML, PDF), a model's predictions (CSV, XLSX) or a dataset (CSV) to a file, all or nothing",
  usage: 'export (--pilot ID --format html|pdf | --model ID --what completed|missing|risk --format csv|xlsx | --dataset ID) --out FILE [options]',
  positionals: { required: [] },
  options: {
    pilot: { type: 'string', valueName: 'ID', description: 'a complete pilot: its report (see `pilots`)' },
    model: {
      type: 'string',
      multiple: true,
      valueName: 'ID',
      description: 'a complete model: its predictions (see `models`); several only with --what missing',
    },
    dataset: { type: 'string', valueName: 'ID', description: 'a dataset: its data back as CSV, as imported (see `datasets`)' },
    what: {
      type: 'string',
      valueName: 'completed|missing|risk',
      description: "with --model: the completed matrix, the missing cells' predictions, or the top-N risk list (binary data)",
    },
    format: {
      type: 'string',
      valueName: 'FORMAT',
      description: 'html|pdf with --pilot, csv|xlsx with --model, csv with --dataset (required except with --dataset)',
    },
    layout: {
      type: 'string',
      valueName: 'wide|long',
      description: 'with --what completed: a row per row key, or a line per cell with a source column, observed or predicted (default long)',
    },
    top: { type: 'string', valueName: 'N', description: 'with --what risk: how many (row, failure mode) pairs (default 100)' },
    language: { type: 'string', valueName: 'ja|en', description: 'language of the report, or of the headers and legend (default en)' },
    'raw-labels': { type: 'boolean', description: 'CSV: write labels exactly as stored, without the spreadsheet formula guard (for scripts)' },
    out: { type: 'string', valueName: 'FILE', description: 'where to write (required; replaced if it exists, never left half-written)' },
  },
  async run(ctx) {
    const { source, request } = exportRequestFrom(ctx.values)
    const out = outPath(ctx.values, ctx.dataDir)
    const db = ctx.store()
    checkAgainstStore(db, request)
    let chromiumPath: string | undefined
    if (request.kind === 'pilot-report' && request.format === 'pdf') {
      // Before anything is written: without a browser there is no PDF (exit 1, the message says what to install).
      const { findBrowser } = await import('../../core/report/find-browser.js')
      chromiumPath = findBrowser(process.env['CHROMIUM_PATH'] || undefined)
      ctx.out.note(`Printing the PDF with ${chromiumPath}`)
    }
    const [{ writeExport }, { writeAtomically }] = await Promise.all([import('../../core/export/write-export.js'), import('../../core/files/atomic-output.js')])
    ctx.out.note(`Writing ${request.kind}${'format' in request ? ` (${request.format})` : ''} to ${out}`)
    await writeAtomically(out, (temp) =>
      // NNMF models predict on the kind of engine that trained them (model-source.ts): the stored numbers, bit for bit.
      writeExport(db, request, temp, {
        signal: ctx.signal,
        ...(chromiumPath ? { chromiumPath } : {}),
      }),
    )
    const bytes = fs.statSync(out).size
    ctx.out.text(`Wrote ${out} (${bytes} bytes).`)
    return { path: out, bytes, source, kind: request.kind, format: 'format' in request ? request.format : 'csv' }
  },
}
