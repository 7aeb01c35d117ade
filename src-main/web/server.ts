import { randomBytes } from 'node:crypto'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ApiErrorCode } from '../contract/api.js'
import { toErrorBody } from '../services/api-error.js'
import type { Dispatch } from '../services/dispatch.js'
import type { EventBus } from '../platform/event-bus.js'
import type { FileDrop } from '../platform/file-drop.js'
import { receiveUpload, sendDownload, UPLOAD_LIMIT_BYTES } from './file-routes.js'
import { isAllowedHost, isAllowedOrigin, presentedToken, tokenMatches } from './guards.js'
import { serveStatic } from './static-files.js'

export const LOOPBACK_HOST = '127.0.0.1'
const MAX_BODY_BYTES = 1024 * 1024

const STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  internal: 500,
}

export interface WebServerOptions {
  dispatch: Dispatch
  events: EventBus
  files: FileDrop
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** Largest upload accepted, counted as the body streams (default UPLOAD_LIMIT_BYTES). */
  maxUploadBytes?: number
  /** Called when a download was sent in full (the retention setting may remove the export). */
  onDownloaded?: (downloadId: string) => void
  token?: string
}

export interface WebServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/**
 * Web mode: the same services as the Electron window, over HTTP on loopback only.
 *   POST /api/request/<name>   JSON in, JSON out (the contract's requests)
 *   GET  /api/events           Server-Sent Events (the contract's events)
 *   GET  anything else         the built renderer
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  let port = options.port ?? 0
  const sseClients = new Set<ServerResponse>()

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const { code, message, detail } = toErrorBody(error)
      sendError(response, code, message, detail)
    })
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isAllowedHost(request, port)) return sendError(response, 'forbidden', 'Host not allowed.')
    if (!isAllowedOrigin(request, port)) return sendError(response, 'forbidden', 'Origin not allowed.')
    const url = new URL(request.url ?? '/', `http://${LOOPBACK_HOST}:${port}`)
    if (!url.pathname.startsWith('/api/')) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 'bad-request', 'Only GET here.')
      return serveStatic(options.rendererDir, url.pathname, response)
    }
    if (!tokenMatches(token, presentedToken(request, url))) {
      return sendError(response, 'unauthorized', 'Missing or wrong access token: open the URL the app printed.')
    }
    if (url.pathname === '/api/events' && request.method === 'GET') return openEventStream(response)
    if (url.pathname === '/api/upload' && request.method === 'POST') {
      const upload = receiveUpload(options.files, request, url.searchParams.get('name') ?? 'upload', options.maxUploadBytes ?? UPLOAD_LIMIT_BYTES)
      await respond(response, () => upload)
      // A refused body is not read to its end: close the connection once the answer is out.
      if (!request.complete) response.once('finish', () => request.destroy())
      return
    }
    const download = /^\/api\/download\/([0-9a-f-]+)$/.exec(url.pathname)
    if (download && request.method === 'GET') {
      try {
        return sendDownload(options.files, download[1]!, response, options.onDownloaded)
      } catch (error) {
        const { code, message } = toErrorBody(error)
        return sendError(response, code, message)
      }
    }
    const match = /^\/api\/request\/([A-Za-z]+)$/.exec(url.pathname)
    if (!match || request.method !== 'POST') return sendError(response, 'not-found', 'No such endpoint.')
    const body = await readJsonBody(request)
    if (!body.ok) return sendError(response, 'bad-request', body.message)
    return respond(response, () => options.dispatch(match[1]!, body.value))
  }

  async function respond(response: ServerResponse, produce: () => Promise<unknown>): Promise<void> {
    try {
      sendJson(response, 200, await produce())
    } catch (error) {
      const { code, message, detail } = toErrorBody(error)
      sendError(response, code, message, detail)
    }
  }

  function openEventStream(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    response.write(': connected\n\n')
    sseClients.add(response)
    response.on('close', () => sseClients.delete(response))
  }

  const unsubscribe = options.events.subscribe((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`
    for (const client of sseClients) client.write(frame)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, LOOPBACK_HOST, () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://${LOOPBACK_HOST}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe()
      for (const client of sseClients) client.end()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  response.end(JSON.stringify(value ?? null))
}

function sendError(response: ServerResponse, code: ApiErrorCode, message: string, detail?: unknown): void {
  if (response.headersSent) return void response.end()
  // A refused upload's body is left unread; the client must not reuse this connection.
  if (code === 'too-large') response.setHeader('connection', 'close')
  sendJson(response, STATUS_BY_CODE[code], { code, message, ...(detail ? { detail } : {}) })
}

async function readJsonBody(request: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return { ok: false, message: `Request body larger than ${MAX_BODY_BYTES} bytes.` }
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, message: `The request body is not valid JSON: ${(error as Error).message}` }
  }
}
