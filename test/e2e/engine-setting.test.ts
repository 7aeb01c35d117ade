// Before the app starts: its processes find SwiftShader as their WebGPU adapter (Dawn on Vulkan).
import '../core/models/nnmf/webgpu/gpu-env.js'
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../src-main/core/random.js'
import { writeDataset } from '../../src-main/core/store/datasets.js'
import { getModel } from '../../src-main/core/store/models.js'
import { openDatabase } from '../../src-main/core/store/open.js'
import { screenshot } from './helpers/web-app.js'
import { useWebAppSession } from './helpers/session.js'

const web = useWebAppSession('engine-setting')

/** A contract request from the page, as the app makes it (its tab keeps the access token in session storage). */
function request(page: Page, name: string, input: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ([name, input]) => {
      const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage
      const response = await fetch(`/api/request/${name as string}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${storage.getItem('nnmf-token')}` },
        body: JSON.stringify(input),
      })
      return { status: response.status, body: (await response.json()) as unknown }
    },
    [name, input] as const,
  )
}

/** A seeded 24 × 8 sensor table with a fifth of its cells missing: small enough for SwiftShader. */
function writeTinyTable(dataDir: string): number {
  const db = openDatabase(dataDir)
  try {
    const rng = createRng(5)
    const rows: number[] = []
    const cols: number[] = []
    const values: number[] = []
    for (let r = 0; r < 24; r++) {
      for (let c = 0; c < 8; c++) {
        if (rng.next() < 0.2) continue
        rows.push(r)
        cols.push(c)
        values.push(Math.sin(r + 2 * c) + 0.1 * rng.normal())
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

describe('the training engine setting', () => {
  it('forces WebGPU: the badge names the adapter, the pilot estimate is for WebGPU, and a model trained from the app runs on it and records it', async () => {
    const datasetId = writeTinyTable(web.app.dataDir)
    const { page } = web.session
    await page.goto(web.app.url)
    const badge = page.getByTestId('backend-badge')
    await expect.poll(() => badge.textContent(), { timeout: 60_000 }).toMatch(/Training backend:\s*CPU fast path/)

    await page.getByTestId('engine-settings').locator('summary').click()
    await page.getByTestId('engine-preference').selectOption('webgpu')
    // vendor · architecture · description, marked software: SwiftShader is the only adapter here.
    await expect.poll(() => badge.textContent(), { timeout: 60_000 }).toMatch(/WebGPU on google · swiftshader · SwiftShader.* \(software\)/)
    await screenshot(page, 'engine-setting-webgpu-en')

    // The setting outlives the page: a reload shows it chosen and the badge still on WebGPU.
    await page.reload()
    await expect.poll(() => badge.textContent(), { timeout: 60_000 }).toMatch(/WebGPU on google · swiftshader/)
    await page.getByTestId('engine-settings').locator('summary').click()
    expect(await page.getByTestId('engine-preference').inputValue()).toBe('webgpu')

    // The pilot wizard's estimate is for the engine that will run: WebGPU, from the probe's figures.
    const estimate = await request(page, 'estimatePilot', { config: { datasetId } })
    expect(estimate, JSON.stringify(estimate)).toMatchObject({
      status: 200,
      body: { engine: 'webgpu', engineLabel: expect.stringMatching(/^WebGPU on google · swiftshader/) },
    })
    expect(fs.readdirSync(web.app.dataDir)).toContain('engine-probe.json')

    // A training run started from the app (its request says nothing of engines) runs on WebGPU.
    const job = await request(page, 'startTraining', { datasetId, kind: 'nnmf', seed: 1, overrides: { lambda: 1, maxEpochs: 2 } })
    expect(job, JSON.stringify(job)).toMatchObject({ status: 200, body: { kind: 'train' } })
    const db = openDatabase(web.app.dataDir)
    try {
      const modelId = (): number | undefined =>
        db.prepare("SELECT id FROM models WHERE kind = 'nnmf' AND status = 'complete'").pluck().get() as number | undefined
      await expect.poll(modelId, { timeout: 180_000, interval: 500 }).toBeTypeOf('number')
      const model = getModel(db, modelId()!)!
      expect(model.engine).toBe('webgpu')
      expect(model.backend).toMatch(/^WebGPU on google · swiftshader · SwiftShader.* \(software\)$/)
    } finally {
      db.close()
    }
  }, 300_000)
})
