import http from 'node:http'
import os from 'node:os'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Workbench } from '../../src-main/services/workbench.js'
import { startWebServer, type WebServer } from '../../src-main/web/server.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { writeSmallDataset } from '../helpers/small-dataset.js'
import { openTestWorkbench } from '../helpers/workbench.js'

const tempDir = useTempDirs()
let workbench: Workbench
let server: WebServer

beforeEach(async () => {
  const rendererDir = tempDir()
  workbench = openTestWorkbench(tempDir())
  server = await startWebServer({ dispatch: workbench.dispatch, events: workbench.events, files: workbench.files, rendererDir })
})
afterEach(async () => {
  await server.close()
  workbench.close()
})

interface Reply {
  status: number
  body: string
  headers: http.IncomingHttpHeaders
}

function send(options: { path: string; method?: string; headers?: Record<string, string>; body?: string; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: options.host ?? '127.0.0.1',
        port: server.port,
        path: options.path,
        method: options.method ?? 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
      },
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }))
      },
    )
    request.on('error', reject)
    request.end(options.body)
  })
}

const auth = () => ({ authorization: `Bearer ${server.token}` })

describe('web mode server', () => {
  it('answers contract requests with the token', async () => {
    writeSmallDataset(workbench.db)
    const reply = await send({ path: '/api/request/listDatasets', headers: auth(), body: '{}' })
    expect(reply.status).toBe(200)
    const datasets = JSON.parse(reply.body) as Array<{ name: string; nObserved: number }>
    expect(datasets).toHaveLength(1)
    expect(datasets[0]).toMatchObject({ name: 'ライン A センサー', nObserved: 4 })
  })

  it('refuses requests without the token (401) or with a wrong one', async () => {
    expect((await send({ path: '/api/request/listDatasets', body: '{}' })).status).toBe(401)
    const wrong = await send({ path: '/api/request/listDatasets', headers: { authorization: 'Bearer nope' }, body: '{}' })
    expect(wrong.status).toBe(401)
    expect(JSON.parse(wrong.body)).toMatchObject({ code: 'unauthorized' })
  })

  it('refuses a foreign Origin (403) even with the token', async () => {
    const reply = await send({ path: '/api/request/listDatasets', headers: { ...auth(), origin: 'http://evil.example' }, body: '{}' })
    expect(reply.status).toBe(403)
    const sameOrigin = await send({ path: '/api/request/listDatasets', headers: { ...auth(), origin: `http://127.0.0.1:${server.port}` }, body: '{}' })
    expect(sameOrigin.status).toBe(200)
  })

  it('refuses a foreign Host header (DNS rebinding) with 403, also for static files', async () => {
    const api = await send({ path: '/api/request/listDatasets', headers: { ...auth(), host: `evil.example:${server.port}` }, body: '{}' })
    expect(api.status).toBe(403)
    const page = await send({ path: '/', method: 'GET', headers: { host: 'rebound.example' } })
    expect(page.status).toBe(403)
  })

  it('answers a malformed payload with 400 and the schema message', async () => {
    const reply = await send({ path: '/api/request/renameDataset', headers: auth(), body: JSON.stringify({ id: 'seven', name: '' }) })
    expect(reply.status).toBe(400)
    const body = JSON.parse(reply.body) as { code: string; message: string }
    expect(body.code).toBe('bad-request')
    expect(body.message).toMatch(/Invalid payload for "renameDataset"/)
    expect(body.message).toMatch(/id/)
    expect(body.message).toMatch(/expected number/)

    const notJson = await send({ path: '/api/request/listDatasets', headers: auth(), body: '{"oops' })
    expect(notJson.status).toBe(400)
    expect(JSON.parse(notJson.body).message).toMatch(/not valid JSON/)

    const unknown = await send({ path: '/api/request/dropAllTables', headers: auth(), body: '{}' })
    expect(unknown.status).toBe(400)
    expect(JSON.parse(unknown.body).message).toMatch(/Unknown request "dropAllTables"/)
  })

  it('maps a missing dataset to 404', async () => {
    const reply = await send({ path: '/api/request/deleteDataset', headers: auth(), body: JSON.stringify({ id: 99 }) })
    expect(reply.status).toBe(404)
  })

  it('listens on loopback only', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)
    expect(server.url.startsWith('http://127.0.0.1:')).toBe(true)
    if (external) {
      await expect(send({ path: '/', method: 'GET', host: external.address })).rejects.toThrow(/ECONNREFUSED/)
    }
    await expect(send({ path: '/', method: 'GET', host: '::1' })).rejects.toThrow(/ECONNREFUSED|EADDRNOTAVAIL/)
  })

  it('streams contract events over SSE to token holders', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (response) => {
        expect(response.statusCode).toBe(200)
        response.setEncoding('utf8')
        let buffer = ''
        response.on('data', (chunk: string) => {
          buffer += chunk
          if (buffer.includes(': connected')) {
            workbench.events.emit({ type: 'jobProgress', payload: { jobId: 'j1', kind: 'import', phase: 'parse', done: 1, total: 2 } })
          }
          const frame = /data: (.*)\n\n/.exec(buffer)
          if (frame) {
            resolve(frame[1]!)
            request.destroy()
          }
        })
      })
      request.on('error', reject)
    })
    expect(JSON.parse(await received)).toEqual({ type: 'jobProgress', payload: { jobId: 'j1', kind: 'import', phase: 'parse', done: 1, total: 2 } })
  })
})
