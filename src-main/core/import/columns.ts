import type { ColumnRef, ResolvedImportOptions } from './options.js'
import { ImportError } from './report.js'

/** Finds a column by header name (exact, then ignoring surrounding spaces) or 0-based position. */
export function resolveColumn(ref: ColumnRef, header: readonly string[], role: string, file: string): number {
  if (typeof ref === 'number') {
    if (ref < header.length) return ref
    throw new ImportError('no-such-column', file, `The ${role} column #${ref + 1} does not exist; the header has ${header.length} columns.`)
  }
  let i = header.indexOf(ref)
  if (i === -1) i = header.findIndex((h) => h.trim() === ref.trim())
  if (i !== -1) return i
  throw new ImportError('no-such-column', file, `The ${role} column "${ref}" is not in the header.`, undefined, ref)
}

/** A display name for a field position, for messages. */
export function columnLabel(header: readonly string[], index: number): string {
  const name = header[index]
  return name !== undefined && name.trim() !== '' ? name : `#${index + 1}`
}

/**
 * Header names of the row key and time columns chosen by position, kept with the import record so
 * the dataset page can say 「日時」 rather than "column 1" (the dataset itself keeps no header).
 * A column chosen by name already carries its name; blank names are left out.
 */
export function keyAndTimeNames(options: ResolvedImportOptions, header: readonly string[]): { keyColumn?: string; timeColumn?: string } {
  const nameAt = (ref: ColumnRef | undefined): string | undefined => (typeof ref === 'number' && header[ref]?.trim() ? header[ref] : undefined)
  const key = nameAt(options.keyColumn ?? 0)
  const time = nameAt(options.timeColumn)
  return { ...(key !== undefined ? { keyColumn: key } : {}), ...(time !== undefined ? { timeColumn: time } : {}) }
}
