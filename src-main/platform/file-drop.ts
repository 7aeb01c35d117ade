import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { DROP_ID_PATTERN } from '../core/files/retention.js'
import { asWriteError } from '../core/files/write-error.js'

/** A file id that is malformed or names nothing (any more): the transports answer it as a request error of that code. */
export class FileDropError extends Error {
  constructor(
    readonly code: 'bad-request' | 'not-found',
    message: string,
  ) {
    super(message)
    this.name = 'FileDropError'
  }
}

/**
 * Files crossing the transport: uploads (a file the user picked, copied into the data folder so a
 * job process can read it) and downloads (an export written by the app, handed back by id). Ids
 * are random UUIDs; paths are never taken from the renderer.
 */
const ID_PATTERN = DROP_ID_PATTERN

export type DropKind = 'uploads' | 'exports'

export interface DroppedFile {
  id: string
  fileName: string
  size: number
  path: string
}

/** Keeps a readable, harmless file name: the base name only, no control or path characters. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/'))
  // eslint-disable-next-line no-control-regex -- control characters are what a file name must not keep
  const cleaned = base.replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').trim()
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned.slice(0, 200)
}

export class FileDrop {
  constructor(private readonly dataDir: string) {}

  /** A fresh slot for a file called `fileName`; returns where to write it. */
  reserve(kind: DropKind, fileName: string): DroppedFile {
    const id = randomUUID()
    const dir = path.join(this.dataDir, kind, id)
    fs.mkdirSync(dir, { recursive: true })
    const name = safeFileName(fileName)
    return { id, fileName: name, size: 0, path: path.join(dir, name) }
  }

  async writeUpload(fileName: string, bytes: Uint8Array): Promise<DroppedFile> {
    const slot = this.reserve('uploads', fileName)
    try {
      await fs.promises.writeFile(slot.path, bytes)
    } catch (error) {
      // No half-copied upload stays behind (disk full); the message names the file, not our folder.
      this.discard('uploads', slot.id)
      throw asWriteError(error, slot.fileName)
    }
    return { ...slot, size: bytes.byteLength }
  }

  /** Removes a slot and whatever is in it (a failed export's folder, a refused upload). */
  discard(kind: DropKind, id: string): void {
    if (!ID_PATTERN.test(id)) return
    fs.rmSync(path.join(this.dataDir, kind, id), { recursive: true, force: true })
  }

  resolve(kind: DropKind, id: string): DroppedFile {
    if (!ID_PATTERN.test(id)) throw new FileDropError('bad-request', `Not a file id: "${id}".`)
    const dir = path.join(this.dataDir, kind, id)
    const names = fs.existsSync(dir) ? fs.readdirSync(dir) : []
    if (names.length !== 1) throw new FileDropError('not-found', 'That file is no longer available; please choose it again.')
    const file = path.join(dir, names[0]!)
    return { id, fileName: names[0]!, size: fs.statSync(file).size, path: file }
  }
}
