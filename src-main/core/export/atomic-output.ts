import fs from 'node:fs'
import path from 'node:path'

/**
 * Runs `write` against a temporary file next to `outPath` and renames it into place only when the
 * write succeeded, so a failed or cancelled export never leaves a half-written file where a
 * script or Excel would pick it up. The temporary name is unique per call (pid and a counter).
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
    throw error
  }
}
