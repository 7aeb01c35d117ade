import type { ColumnRef } from './options.js'
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
