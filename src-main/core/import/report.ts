/**
 * The validation report of an import, designed as plain data (it crosses the worker and IPC
 * boundaries and is stored in the `imports` table). Messages are English; the UI translates by
 * reason code.
 */

/** Why a single cell or row was rejected. */
export const CELL_REASONS = ['not-a-number', 'infinite', 'out-of-range', 'not-binary', 'duplicate-key', 'ragged-row', 'missing-key', 'bad-time'] as const
export type CellReason = (typeof CELL_REASONS)[number]

export interface ImportIssue {
  reason: CellReason
  /** 1-based physical line in the file (for XLSX: the sheet row number). */
  line: number
  /** Header name of the offending column ('' when the whole row is concerned). */
  column: string
  /** The cell content as read (for a ragged row: the field count). */
  raw: string
  message: string
}

export interface ImportReport {
  counts: Partial<Record<CellReason, number>>
  /** The first MAX_REPORTED_ISSUES issues, in the order they were found. */
  issues: ImportIssue[]
  totalIssues: number
}

export const MAX_REPORTED_ISSUES = 200

const MESSAGES: Record<CellReason, (column: string, raw: string) => string> = {
  'not-a-number': (c, r) => `Cell in column "${c}" is not a number: "${r}".`,
  infinite: (c, r) => `Cell in column "${c}" is infinite: "${r}".`,
  'out-of-range': (c, r) => `Cell in column "${c}" is outside the declared range: "${r}".`,
  'not-binary': (c, r) => `Cell in column "${c}" is not binary (0/1, true/false): "${r}".`,
  'duplicate-key': (c, r) => `Duplicate entry for column "${c}" (value "${r}"); the key was already seen.`,
  'ragged-row': (_c, r) => `Row has ${r} fields, which does not match the header.`,
  'missing-key': (c) => `Key column "${c}" is empty.`,
  'bad-time': (c, r) => `Time in column "${c}" is neither a date nor a number: "${r}".`,
}

/** Collects issues: keeps every count, but only the first issues in full. */
export class IssueCollector {
  readonly counts: Partial<Record<CellReason, number>> = {}
  readonly issues: ImportIssue[] = []
  total = 0

  add(reason: CellReason, line: number, column: string, raw: string): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1
    this.total++
    if (this.issues.length < MAX_REPORTED_ISSUES) {
      // Cap the stored content: a runaway quoted field can hold megabytes.
      const shown = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw
      this.issues.push({ reason, line, column, raw: shown, message: MESSAGES[reason](column, shown) })
    }
  }

  report(): ImportReport {
    return { counts: { ...this.counts }, issues: [...this.issues], totalIssues: this.total }
  }
}

/** File-level failures: the import cannot start or cannot continue at all. */
export const FILE_ERROR_CODES = [
  'invalid-options',
  'file-unreadable',
  'empty-file',
  'header-only',
  'undecodable',
  'truncated',
  'malformed-csv',
  'unreadable-xlsx',
  'no-such-sheet',
  'no-such-column',
  'duplicate-column',
  'blank-header',
  'no-data',
  'cancelled',
] as const
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number]

/** A typed import failure naming the file and, where known, the line and column. */
export class ImportError extends Error {
  constructor(
    readonly code: FileErrorCode,
    readonly file: string,
    detail: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    const where = [line !== undefined ? `line ${line}` : '', column !== undefined ? `column "${column}"` : ''].filter(Boolean).join(', ')
    super(`${file}${where ? ` (${where})` : ''}: ${detail}`)
    this.name = 'ImportError'
  }
}
