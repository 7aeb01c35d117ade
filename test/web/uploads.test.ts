import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { INTERNAL_ERROR_MESSAGE } from '../../src-main/services/api-error.js'
import { EventBus } from '../../src-main/platform/event-bus.js'
import { FileDrop } from '../../src-main/platform/file-drop.js'
import { startWebServer, type WebServer } from '../../src-main/web/server.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const tempDir = useTempDirs()
const LIMIT = 64 * 1024
let dataDir: string
let server: WebServer

beforeEach(async () => {
  dataDir = tempDir()
  server = await startWebServer({
    // A dispatch that fails the way a bug does: a system error carrying a path and internals.
    dispatch: async () => {
      throw new Error(`ENOENT: no such file or directory, open '${dataDir}/secret/workbench.sqlite'`)
    },
    events: new EventBus(),
    files: new FileDrop(dataDir),
    rendererDir: tempDir(),
    maxUploadBytes: LIMIT,
  })
})
afterEach(async () => {
  await server.close()
})

interface Reply {
  status: number
  body: string
}

/** POSTs the chunks one by one; without `length` the body is chunked (no Content-Length). */
function upload(chunks: Buffer[], options: { length?: number; abortAfter?: number } = {}): Promise<Reply | 'aborted'> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/upload?name=plant.csv',
        headers: { authorization: `Bearer ${server.token}`, ...(options.length !== undefined ? { 'content-length': String(options.length) } : {}) },
      },
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (c: string) => (body += c))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      },
    )
    request.on('error', (error) => (options.abortAfter !== undefined ? resolve('aborted') : reject(error)))
    let i = 0
    const next = (): void => {
      if (options.abortAfter !== undefined && i === options.abortAfter) {
        request.destroy()
        return resolve('aborted')
      }
      if (i === chunks.length) return void request.end()
      request.write(chunks[i++], () => setTimeout(next, 5))
    }
    next()
  })
}

const uploadsLeft = (): string[] => (fs.existsSync(path.join(dataDir, 'uploads')) ? fs.readdirSync(path.join(dataDir, 'uploads')) : [])
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 200))

describe('web mode uploads', () => {
  it('accepts a file within the limit', async () => {
    const reply = await upload([Buffer.alloc(LIMIT / 2, 'a'), Buffer.alloc(LIMIT / 2, 'b')])
    expect(reply).toMatchObject({ status: 200 })
    const body = JSON.parse((reply as Reply).body) as { uploadId: string; size: number }
    expect(body.size).toBe(LIMIT)
    expect(fs.statSync(path.join(dataDir, 'uploads', body.uploadId, 'plant.csv')).size).toBe(LIMIT)
  })

  it('counts the bytes of a chunked body (no Content-Length): 413 past the limit, nothing kept', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'x')
    const reply = await upload(Array.from({ length: 8 }, () => chunk))
    expect(reply).toMatchObject({ status: 413 })
    const body = JSON.parse((reply as Reply).body) as { code: string; message: string }
    expect(body.code).toBe('too-large')
    expect(body.message).toContain('larger than 65536 bytes')
    await settle()
    expect(uploadsLeft()).toEqual([])
  })

  it('refuses a declared Content-Length over the limit before writing anything', async () => {
    const reply = await upload([Buffer.alloc(10)], { length: LIMIT + 1 })
    expect(reply).toMatchObject({ status: 413 })
    expect(uploadsLeft()).toEqual([])
  })

  it('removes the partial file of an aborted upload', async () => {
    const chunk = Buffer.alloc(8 * 1024, 'y')
    expect(await upload([chunk, chunk, chunk, chunk], { abortAfter: 2 })).toBe('aborted')
    await settle()
    expect(uploadsLeft()).toEqual([])
  })
})

describe('error bodies', () => {
  it('carry a code and a fixed message for internal errors: no error text, stack or path', async () => {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/request/listDatasets',
          headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        },
        (response) => {
          let body = ''
          response.on('data', (c: Buffer) => (body += c.toString()))
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
        },
      )
      request.on('error', reject)
      request.end('{}')
    })
    expect(reply.status).toBe(500)
    expect(JSON.parse(reply.body)).toEqual({ code: 'internal', message: INTERNAL_ERROR_MESSAGE })
    expect(reply.body).not.toContain(dataDir)
    expect(reply.body).not.toMatch(/ENOENT|\n\s+at |sqlite/)
  })
})
