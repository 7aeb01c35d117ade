// Light modules only: the CLI loads the heavy core (exceljs, tfjs) inside the command that needs it.
import { ImportError, type ImportReport } from '../core/import/report.js'
import { ReuseError } from '../core/reuse/errors.js'
import { ExportRefusal } from '../core/export/refusal.js'
import { ResumeError } from '../core/training/resume-error.js'

/** Exit codes scripts rely on (documented in README.md, "Command line"): keep them stable. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, cancelled: 130 } as const

/** Bad arguments: unknown option, missing value, wrong type. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Bad input found while reading data (bad cells under --bad-cells abort, an unknown id, ...). */
export class InputError extends Error {
  override name = 'InputError'
  constructor(
    readonly code: string,
    message: string,
    readonly where: { file?: string; line?: number; column?: string } = {},
    readonly report?: ImportReport,
  ) {
    super(message)
  }
}

/** The one wording of an unknown dataset id, for every command that takes --dataset. */
export function noSuchDataset(id: number): InputError {
  return new InputError('no-such-dataset', `No dataset with id ${id} (see \`nnmf-workbench datasets\`).`)
}

/** A rejected read (bad cells) as an InputError naming the first bad cell. */
export function rejectedInput(file: string, report: ImportReport): InputError {
  const first = report.issues[0]
  const more = report.totalIssues > 1 ? ` (${report.totalIssues} problems in all; nothing was stored)` : ' (nothing was stored)'
  return new InputError(
    'bad-cells',
    `${first?.message ?? 'The file has bad cells.'}${more}`,
    { file, ...(first ? { line: first.line, ...(first.column ? { column: first.column } : {}) } : {}) },
    report,
  )
}

export interface ErrorDescription {
  exitCode: number
  code: string
  message: string
  file?: string
  line?: number
  column?: string
  report?: ImportReport
}

function isAbort(error: unknown): boolean {
  return (error instanceof Error && error.name === 'AbortError') || (error instanceof ImportError && error.code === 'cancelled')
}

/** Maps any thrown value to an exit code and a message (bad input → 2, Ctrl-C → 130, else 1). */
export function describeError(error: unknown, aborted: boolean): ErrorDescription {
  if (aborted || isAbort(error))
    return {
      exitCode: EXIT.cancelled,
      code: 'cancelled',
      message: 'Cancelled; the store is left as it was before this command (a cancelled training run or pilot is kept, marked cancelled).',
    }
  if (error instanceof UsageError) return { exitCode: EXIT.badInput, code: 'usage', message: error.message }
  if (error instanceof ImportError) {
    // The core's message starts with 'file (line n, column "c"): '; the location goes in front instead.
    const where = [error.line !== undefined ? `line ${error.line}` : '', error.column !== undefined ? `column "${error.column}"` : '']
      .filter(Boolean)
      .join(', ')
    const prefix = `${error.file}${where ? ` (${where})` : ''}: `
    const detail = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message
    return {
      exitCode: EXIT.badInput,
      code: error.code,
      message: detail,
      file: error.file,
      ...(error.line !== undefined ? { line: error.line } : {}),
      ...(error.column !== undefined ? { column: error.column } : {}),
    }
  }
  if (error instanceof InputError) {
    return { exitCode: EXIT.badInput, code: error.code, message: error.message, ...error.where, ...(error.report ? { report: error.report } : {}) }
  }
  if (error instanceof ReuseError || error instanceof ExportRefusal || error instanceof ResumeError)
    return { exitCode: EXIT.badInput, code: error.code, message: error.message }
  const message = error instanceof Error ? error.message : String(error)
  return { exitCode: EXIT.failure, code: 'failure', message }
}

/** "file:line:column: message", leaving out the parts that are not known. */
export function formatLocation(d: Pick<ErrorDescription, 'file' | 'line' | 'column'>): string {
  if (d.file === undefined) return ''
  return [d.file, d.line, d.column].filter((x) => x !== undefined).join(':')
}
