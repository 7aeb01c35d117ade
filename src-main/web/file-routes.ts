import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { UploadedFile } from '../contract/schemas.js'
import { ApiError } from '../services/api-error.js'
import type { FileDrop } from '../services/file-drop.js'

/** Plant exports can be large; this only guards against a runaway client. */
const MAX_UPLOAD_BYTES = 4 * 1024 ** 3

/** POST /api/upload?name=<file name>: the raw file as the body, streamed to disk. */
export async function receiveUpload(files: FileDrop, request: IncomingMessage, fileName: string): Promise<UploadedFile> {
  const declared = Number(request.headers['content-length'] ?? '0')
  if (declared > MAX_UPLOAD_BYTES) throw new ApiError('bad-request', `The file is larger than ${MAX_UPLOAD_BYTES} bytes.`)
  const slot = files.reserve('uploads', fileName)
  await pipeline(request, fs.createWriteStream(slot.path))
  const size = fs.statSync(slot.path).size
  return { uploadId: slot.id, fileName: slot.fileName, size }
}

/** GET /api/download/<id>: a file the app wrote, as an attachment with its (possibly Japanese) name. */
export function sendDownload(files: FileDrop, id: string, response: ServerResponse): void {
  const file = files.resolve('exports', id)
  const asciiName = file.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(file.size),
    'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'cache-control': 'no-store',
  })
  fs.createReadStream(file.path).pipe(response)
}
