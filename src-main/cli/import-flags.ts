import type { ImportOptions } from '../core/import/options.js'
import type { OptionSpec } from './command.js'
import { UsageError } from './errors.js'
import { choice, columnRef, decimal, str } from './values.js'

/** How a file is read: the import options as flags, shared by `import` and `predict`. */
export const READ_OPTIONS: Record<string, OptionSpec> = {
  format: { type: 'string', valueName: 'auto|csv|tsv|xlsx', description: 'file format (default auto: XLSX by content, else delimited text)' },
  encoding: { type: 'string', valueName: 'auto|utf-8|shift_jis|cp932', description: 'text encoding (default auto)' },
  delimiter: { type: 'string', valueName: 'auto|comma|tab|semicolon', description: 'field delimiter (default auto)' },
  sheet: { type: 'string', valueName: 'NAME|#N', description: 'XLSX sheet by name or 1-based position (default the first)' },
  layout: {
    type: 'string',
    valueName: 'auto|wide|long',
    description: 'wide: one row per row key, one column per column key; long: one line per cell (default auto)',
  },
  'key-column': { type: 'string', valueName: 'NAME|#N', description: 'row key column (default the first)' },
  'column-column': { type: 'string', valueName: 'NAME|#N', description: 'long layout: column key column (default the second)' },
  'value-column': { type: 'string', valueName: 'NAME|#N', description: 'long layout: value column (default the third)' },
  'time-column': {
    type: 'string',
    valueName: 'NAME|#N',
    description: 'timestamp column (a date or ms since the epoch); in the wide layout only the row key column',
  },
  missing: {
    type: 'string',
    multiple: true,
    valueName: 'TOKEN',
    description: 'a cell text read as "not observed"; given at all, the tokens replace the defaults "", NaN, NA, #N/A, -',
  },
  min: { type: 'string', valueName: 'X', description: 'smallest valid value (with --max); cells outside are bad cells' },
  max: { type: 'string', valueName: 'X', description: 'largest valid value (with --min)' },
  duplicates: { type: 'string', valueName: 'error|mean|last', description: 'a cell given twice: a bad cell, their mean, or the last one (default error)' },
  'bad-cells': {
    type: 'string',
    valueName: 'abort|missing',
    description: 'abort: any bad cell rejects the file (exit 2); missing: bad cells become missing (default abort)',
  },
}

/** The import options the flags ask for; enumerations are checked here so messages name the flag. */
export function readOptionsFrom(values: Record<string, unknown>): ImportOptions {
  const options: ImportOptions = {}
  const format = choice(values, 'format', ['auto', 'csv', 'tsv', 'xlsx'] as const)
  if (format) options.format = format
  const encoding = choice(values, 'encoding', ['auto', 'utf-8', 'shift_jis', 'cp932'] as const)
  if (encoding) options.encoding = encoding
  const delimiter = choice(values, 'delimiter', ['auto', 'comma', 'tab', 'semicolon'] as const)
  if (delimiter) options.delimiter = delimiter
  const sheet = columnRef(values, 'sheet')
  if (sheet !== undefined) options.sheet = sheet
  const layout = choice(values, 'layout', ['auto', 'wide', 'long'] as const)
  if (layout) options.layout = layout
  const columns = { 'key-column': 'keyColumn', 'column-column': 'columnColumn', 'value-column': 'valueColumn', 'time-column': 'timeColumn' } as const
  for (const [flag, key] of Object.entries(columns)) {
    const ref = columnRef(values, flag)
    if (ref !== undefined) options[key] = ref
  }
  const missing = values.missing
  if (Array.isArray(missing)) options.missingTokens = missing.map(String)
  const min = decimal(values, 'min')
  const max = decimal(values, 'max')
  if ((min === undefined) !== (max === undefined)) throw new UsageError('--min and --max go together.')
  if (min !== undefined && max !== undefined) {
    if (min > max) throw new UsageError(`--min (${min}) must not exceed --max (${max}).`)
    options.range = { min, max }
  }
  const duplicates = choice(values, 'duplicates', ['error', 'mean', 'last'] as const)
  if (duplicates) options.duplicatePolicy = duplicates
  const badCells = choice(values, 'bad-cells', ['abort', 'missing'] as const)
  if (badCells) options.badCellPolicy = badCells
  if (str(values, 'name') !== undefined) options.name = str(values, 'name')!
  return options
}
