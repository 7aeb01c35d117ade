import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

// The worker loads our TypeScript through tsx's loader, registered inside the worker.
const tsxApi = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs'),
).href
const entry = new URL('./worker-select.ts', import.meta.url).href

describe('selectBackend in a worker thread', () => {
  it('selects and computes on wasm inside the worker', async () => {
    const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
    const worker = new Worker(code, { eval: true })
    const result = await new Promise((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    await worker.terminate()
    expect(result).toMatchObject({ name: 'wasm', sum: 6 })
  })
})
