import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it } from 'vitest'
import { currentBackend, describeBackends, selectBackend } from '../../../src-main/core/backend/index.js'

describe('selectBackend', () => {
  it('auto falls back past the absent native packages to wasm, and says why', async () => {
    const s = await selectBackend('auto')
    expect(s.name).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
    expect(s.label).toMatch(/^WebAssembly \(CPU(, SIMD)?, 1 thread\)$/)
    expect(s.tried.map((t) => [t.name, t.ok])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['wasm', true],
    ])
    expect(s.tried[0]!.error).toContain('tfjs-node-gpu')
    // Really computes on wasm.
    expect(Array.from(tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync())).toEqual([4, 6])
  })

  it('is idempotent, also under concurrent calls, and can switch to cpu and back', async () => {
    const [a, b] = await Promise.all([selectBackend('wasm'), selectBackend('wasm')])
    expect(a).toBe(b)
    expect(a.tried).toEqual([{ name: 'wasm', ok: true }])
    const cpu = await selectBackend('cpu')
    expect(cpu.name).toBe('cpu')
    expect(cpu.label).toBe('JavaScript (CPU, 1 thread)')
    expect(tf.getBackend()).toBe('cpu')
    expect(currentBackend()).toBe(cpu)
    const again = await selectBackend('wasm')
    expect(again.name).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
  })

  it('an explicit native preference that cannot load falls back and records the failure', async () => {
    const s = await selectBackend('tensorflow')
    expect(s.name).toBe('wasm')
    expect(s.tried[0]).toMatchObject({ name: 'tensorflow', ok: false })
  })

  it('describeBackends lists availability without switching', async () => {
    await selectBackend('cpu')
    const list = await describeBackends()
    expect(tf.getBackend()).toBe('cpu')
    expect(list.map((b) => [b.name, b.available, b.active])).toEqual([
      ['tensorflow-gpu', false, false],
      ['tensorflow', false, false],
      ['wasm', true, false],
      ['cpu', true, true],
    ])
  })
})
