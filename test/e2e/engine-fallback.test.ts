// Before the app starts: its processes find SwiftShader, and every WebGPU engine they create loses
// its device before its third step (the engine's test hook), as a driver reset would.
import '../core/models/nnmf/webgpu/gpu-env.js'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../src-main/core/random.js'
import { writeDataset } from '../../src-main/core/store/datasets.js'
import { getModel } from '../../src-main/core/store/models.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { writeSettings } from '../../src-main/services/settings.js'
import { screenshot } from './helpers/web-app.js'
import { useWebAppSession } from './helpers/session.js'

process.env.NNMF_TEST_LOSE_GPU_AT_STEP = '3'
const web = useWebAppSession('engine-fallback')

/** A seeded 24 × 8 table, WebGPU forced in the app's settings. */
function prepareStore(dataDir: string): number {
  const db = openDatabase(dataDir)
  try {
    writeSettings(db, { engine: 'webgpu' })
    const rng = createRng(8)
    const rows: number[] = []
    const cols: number[] = []
    const values: number[] = []
    for (let r = 0; r < 24; r++) {
      for (let c = 0; c < 8; c++) {
        if (rng.next() < 0.2) continue
        rows.push(r)
        cols.push(c)
        values.push(Math.cos(r - c) + 0.1 * rng.normal())
      }
    }
    return writeDataset(db, {
      name: 'tiny sensors',
      valueKind: 'numeric',
      layout: 'wide',
      rowLabels: Array.from({ length: 24 }, (_, r) => `m${r}`),
      colLabels: Array.from({ length: 8 }, (_, c) => `s${c}`),
      matrix: { nRows: 24, nCols: 8, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Float64Array.from(values) },
      provenance: {
        fileName: 'tiny.csv',
        fileSize: 0,
        sha256: '0'.repeat(64),
        options: {},
        counts: { observed: values.length },
        issues: [],
        startedAt: new Date().toISOString(),
      },
    })
  } finally {
    db.close()
  }
}

describe('a training run whose GPU is lost', () => {
  it('finishes on the CPU from its last checkpoint, and the Models page says so in both languages', async () => {
    const datasetId = prepareStore(web.app.dataDir)
    const { page } = web.session
    await page.goto(web.app.url)
    await expect.poll(() => page.getByTestId('backend-badge').textContent(), { timeout: 60_000 }).toMatch(/WebGPU on google · swiftshader/)
    const job = await page.evaluate(async (id) => {
      // Runs in the page: its tab keeps the access token in session storage.
      const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage
      const response = await fetch('/api/request/startTraining', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${storage.getItem('nnmf-token')}` },
        body: JSON.stringify({ datasetId: id, kind: 'nnmf', seed: 2, overrides: { lambda: 1, maxEpochs: 3 } }),
      })
      return { status: response.status, body: (await response.json()) as unknown }
    }, datasetId)
    expect(job, JSON.stringify(job)).toMatchObject({ status: 200, body: { kind: 'train' } })

    const db = openDatabase(web.app.dataDir)
    try {
      const modelId = (): number | undefined =>
        db.prepare("SELECT id FROM models WHERE kind = 'nnmf' AND status = 'complete'").pluck().get() as number | undefined
      await expect.poll(modelId, { timeout: 180_000, interval: 500 }).toBeTypeOf('number')
      const model = getModel(db, modelId()!)!
      expect(model.engine).toBe('webgpu')
      expect(model.metrics).toMatchObject({
        engineFallback: { reason: 'device-lost', to: expect.stringMatching(/^fastcpu/), message: expect.stringMatching(/GPU device lost/) },
      })
    } finally {
      db.close()
    }

    await page.getByTestId('nav-models').click()
    const note = page.getByTestId('engine-fallback-note')
    await expect
      .poll(() => note.textContent(), { timeout: 30_000 })
      .toMatch(/^Mid-training the GPU was lost \(device lost\); the CPU fast path went on from the last checkpoint/)
    await screenshot(page, 'engine-fallback-en')
    await page.getByTestId('language-ja').click()
    await expect
      .poll(() => note.textContent(), { timeout: 30_000 })
      .toMatch(/GPU が使えなくなった（デバイスの喪失）ため、最後のチェックポイントから CPU 高速経路で続けて/)
  }, 300_000)
})
