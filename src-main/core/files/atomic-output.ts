import fs from 'node:fs'
import path from 'node:path'
import { asWriteError } from './write-error.js'

/**
 * Runs `write` against a temporary file next to `outPath` and renames it into place only when the
 * write succeeded, so a failed or cancelled export never leaves a half-written file where a
 * script or Excel would pick it up (on failure the old file, if any, stays). The temporary name
 * is unique per call (pid and a counter). A system error of the write (disk full, file too large,
 * no permission) comes out as a WriteError naming the target, not the temporary file.
 */
let counter = 0

export async function writeAtomically<T>(outPath: string, write: (tempPath: string) => Promise<T>): Promise<T> {
  const dir = path.dirname(path.resolve(outPath))
  const tempPath = path.join(dir, `.${path.basename(outPath)}.${process.pid}.${++counter}.partial`)
  try {
    const result = await write(tempPath)
    await fs.promises.rename(tempPath, outPath)
    return result
  } catch (error) {
    await fs.promises.rm(tempPath, { force: true })
    throw asWriteError(error, outPath)
  }
}

/** A whole text or binary file (a report page), all or nothing. */
export function writeFileAtomically(outPath: string, data: string | Uint8Array): Promise<void> {
  return writeAtomically(outPath, (temp) => fs.promises.writeFile(temp, data))
}
