import './gpu-env.js'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { NnmfEngine } from '../../../../../src-main/core/models/nnmf/engine.js'
import { createNnmfModel } from '../../../../../src-main/core/models/nnmf/model.js'
import { createWebGpuEngine } from '../../../../../src-main/core/models/nnmf/webgpu/index.js'
import { randomCase } from '../fastcpu/random-case.js'
import { lowRank, plant } from '../../planted.js'

const fixture = fileURLToPath(new URL('./engine-lifetime.fixture.ts', import.meta.url))
const runFixture = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8', timeout: 60_000, env })

describe('webgpu engine lifetime', () => {
  it('runs inside a worker thread and, once disposed, lets the process exit by itself', () => {
    const child = runFixture(process.env)
    // A live GPU worker or device keeps the event loop alive: the child would hang and be killed at the timeout.
    expect(child.signal, child.stderr).toBeNull()
    expect(child.status, child.stderr).toBe(0)
    expect(child.stdout).toMatch(/^ok webgpu \(.+\) \d+(\.\d+)?/)
  })

  it('without a usable Vulkan driver, creating the engine fails with the reason', () => {
    const child = runFixture({ ...process.env, VK_ICD_FILENAMES: '/nonexistent/icd.json' })
    expect(child.status, child.stderr).toBe(0)
    expect(child.stdout).toMatch(/^failed: WebGPU: requestAdapter\(\) returned no adapter/)
  })

  it('dispose rejects the step in flight and every later call, without hanging', async () => {
    const { setup, params, batch } = randomCase(2, 'squared', { d: 3, dPrime: 4, k: 1, hidden: [6] }, 100)
    const engine = await createWebGpuEngine(setup)
    engine.setParams(params)
    const inFlight = engine.step(batch, 'network', { learningRate: 1e-3, lambda: 1 })
    engine.dispose()
    await expect(inFlight).rejects.toThrow(/disposed/)
    await expect(engine.predict(batch.rows, batch.cols)).rejects.toThrow(/disposed/)
    expect(() => engine.getParams()).toThrow(/disposed/)
    expect(() => engine.setParams(params)).toThrow(/disposed/)
    engine.dispose() // twice is harmless
  })

  it('a cancelled training rejects with the abort and its engine goes with the model', async () => {
    const data = plant(30, 20, 0.6, lowRank(30, 20, 2, 3), { seed: 4, noise: 0.1 })
    const created: NnmfEngine[] = []
    const model = createNnmfModel(
      async (s) => {
        const e = await createWebGpuEngine(s)
        created.push(e)
        return e
      },
      { architecture: { d: 2, dPrime: 3, k: 1, hidden: [4] }, batchSize: 32, maxEpochs: 50 },
    )
    const abort = new AbortController()
    const fit = model.fit(data.train, {
      seed: 1,
      signal: abort.signal,
      onEpochEnd: (p) => {
        if (p.epoch === 2) abort.abort()
      },
    })
    await expect(fit).rejects.toThrow(/abort/i)
    model.dispose()
    expect(created).toHaveLength(1)
    await expect(created[0]!.predict(Int32Array.of(0), Int32Array.of(0))).rejects.toThrow(/disposed/)
  })
})
