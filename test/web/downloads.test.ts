import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Workbench } from '../../src-main/services/workbench.js'
import { startWebServer, type WebServer } from '../../src-main/web/server.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { openTestWorkbench } from '../helpers/workbench.js'

const tempDir = useTempDirs()
let dataDir: string
let workbench: Workbench
let server: WebServer

beforeEach(async () => {
  dataDir = tempDir()
  workbench = openTestWorkbench(dataDir)
  server = await startWebServer({
    dispatch: workbench.dispatch,
    events: workbench.events,
    files: workbench.files,
    rendererDir: tempDir(),
    onDownloaded: (id) => workbench.retention.afterDownload(id),
  })
})
afterEach(async () => {
  await server.close()
  workbench.close()
})

function download(id: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, path: `/api/download/${id}`, headers: { authorization: `Bearer ${server.token}` } }, (response) => {
        let body = ''
        response.on('data', (c: Buffer) => (body += c.toString()))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      })
      .on('error', reject)
  })
}

function exportFile(): string {
  const slot = workbench.files.reserve('exports', 'predictions.csv')
  fs.writeFileSync(slot.path, 'row,column,value\n')
  return slot.id
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100))

describe('retention of downloads and uploads', () => {
  it('defaults to deleting an export after its download and to 7 days', async () => {
    expect(await workbench.dispatch('getSettings', {})).toEqual({
      language: null,
      engine: 'auto',
      retention: { deleteExportsAfterDownload: true, maxAgeDays: 7 },
    })
    const id = exportFile()
    expect(await download(id)).toEqual({ status: 200, body: 'row,column,value\n' })
    await settle()
    expect(fs.existsSync(path.join(dataDir, 'exports', id))).toBe(false)
    expect((await download(id)).status).toBe(404)
  })

  it('keeps exports when the setting says so', async () => {
    const saved = await workbench.dispatch('updateSettings', { retention: { deleteExportsAfterDownload: false, maxAgeDays: 30 } })
    expect(saved).toMatchObject({ retention: { deleteExportsAfterDownload: false, maxAgeDays: 30 } })
    const id = exportFile()
    expect((await download(id)).status).toBe(200)
    await settle()
    expect((await download(id)).status).toBe(200)
  })

  it('refuses a retention setting out of range', async () => {
    await expect(workbench.dispatch('updateSettings', { retention: { deleteExportsAfterDownload: true, maxAgeDays: -1 } })).rejects.toMatchObject({
      code: 'bad-request',
    })
  })

  it('cleans uploads and exports older than the setting when the app starts', () => {
    const id = randomUUID()
    const dir = path.join(dataDir, 'uploads', id)
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'plant.csv'), 'x')
    const monthAgo = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000)
    fs.utimesSync(path.join(dir, 'plant.csv'), monthAgo, monthAgo)
    fs.utimesSync(dir, monthAgo, monthAgo)
    const again = openTestWorkbench(dataDir)
    again.close()
    expect(fs.existsSync(dir)).toBe(false)
  })
})
