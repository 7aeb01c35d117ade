import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { UploadedFile } from '../contract/schemas.js'
import { WriteError } from '../core/files/write-error.js'
import { ApiError } from '../services/api-error.js'
import type { FileDrop } from '../platform/file-drop.js'

/** Plant exports can be large; this only guards against a runaway client or a full disk. */
export const UPLOAD_LIMIT_BYTES = 4 * 1024 ** 3

const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EACCES', 'EPERM', 'EROFS'])

function tooLarge(limit: number): ApiError {
  const size = limit >= 1024 ** 3 ? `${limit / 1024 ** 3} GiB` : limit >= 1024 ** 2 ? `${(limit / 1024 ** 2).toFixed(1)} MiB` : `${limit} bytes`
  return new ApiError(
    'too-large',
    `The file is larger than ${size}, the most web mode accepts; nothing was kept. Split the file, or import it with the command line (nnmf-workbench import).`,
  )
}

/**
 * POST /api/upload?name=<file name>: the raw file as the body, streamed to disk. Bytes are counted
 * as they arrive, so a chunked body (no Content-Length) is capped too; a body over the limit, an
 * aborted upload or a write error removes what was written.
 */
export async function receiveUpload(files: FileDrop, request: IncomingMessage, fileName: string, limit = UPLOAD_LIMIT_BYTES): Promise<UploadedFile> {
  const declared = Number(request.headers['content-length'] ?? '0')
  if (declared > limit) throw tooLarge(limit)
  const slot = files.reserve('uploads', fileName)
  let size = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length
      callback(size > limit ? tooLarge(limit) : null, chunk)
    },
  })
  try {
    await pipeline(request, counter, fs.createWriteStream(slot.path))
    // An aborted request can end the pipeline without an error on some Node versions: check it arrived whole.
    if (!request.complete) throw new ApiError('bad-request', 'The upload was interrupted before the whole file arrived; please choose the file again.')
  } catch (error) {
    files.discard('uploads', slot.id)
    if (error instanceof ApiError) throw error
    // Our side could not write (disk full, no permission): say so; anything else is the client going away.
    if (DISK_ERRORS.has((error as NodeJS.ErrnoException).code ?? '')) throw new WriteError(slot.fileName, (error as NodeJS.ErrnoException).code, error)
    throw new ApiError('bad-request', 'The upload was interrupted before the whole file arrived; please choose the file again.')
  }
  return { uploadId: slot.id, fileName: slot.fileName, size }
}

/** GET /api/download/<id>: a file the app wrote, as an attachment with its (possibly Japanese) name. */
export function sendDownload(files: FileDrop, id: string, response: ServerResponse, onSent?: (id: string) => void): void {
  const file = files.resolve('exports', id)
  const asciiName = file.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(file.size),
    'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'cache-control': 'no-store',
  })
  // 'finish': every byte went out (an aborted download only closes), so the export may now go.
  if (onSent) response.once('finish', () => onSent(id))
  fs.createReadStream(file.path).pipe(response)
}
