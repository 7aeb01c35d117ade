import path from 'node:path'

/**
 * A file the app could not write (disk full, file too large, no permission), worded for the
 * person: which file, what happened, what to do. Only the file's name is given, never its folder,
 * so the message can cross to the web client as it is. The system error stays as the cause.
 */
export class WriteError extends Error {
  override name = 'WriteError'
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(writeMessage(path.basename(file), code, cause), { cause })
  }
}

function writeMessage(name: string, code: string | undefined, cause: unknown): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `Could not write "${name}": the disk is full (${code}). Free some space or choose another disk, then try again; no file was left behind.`
    case 'EFBIG':
      return `Could not write "${name}": the file is larger than this system allows (EFBIG). Export less, or write to another disk; no file was left behind.`
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `Could not write "${name}": no permission to write there (${code}). Choose a folder you can write to.`
    default:
      return `Could not write "${name}" (${code ?? (cause instanceof Error ? cause.message : String(cause))}).`
  }
}

/**
 * System errors of a write (they carry an errno code) become a WriteError naming `file`; anything
 * else passes as it is. A WriteError about another file (a temporary one inside this write) is
 * renamed to `file`, the one the person asked for.
 */
export function asWriteError(error: unknown, file: string): unknown {
  if (error instanceof WriteError) return error.file === file ? error : new WriteError(file, error.code, error.cause)
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code)) return new WriteError(file, code, error)
  return error
}
