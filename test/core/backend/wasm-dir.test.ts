import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it } from 'vitest'
import { defaultWasmDir, selectBackend } from '../../../src-main/core/backend/index.js'

// Own file: wasm paths are fixed once the wasm backend has initialised in a process.
describe('wasm directory option', () => {
  it('a directory without the binaries makes wasm fail with the reason, and cpu takes over', async () => {
    const s = await selectBackend('wasm', { wasmDir: '/nonexistent/wasm' })
    expect(s.name).toBe('cpu')
    expect(s.tried[0]).toEqual({ name: 'wasm', ok: false, error: 'missing /nonexistent/wasm/tfjs-backend-wasm.wasm' })
    expect(tf.getBackend()).toBe('cpu')
  })

  it('an explicit directory (as a bundled app passes) is used', async () => {
    const dir = defaultWasmDir()
    expect(dir).toMatch(/tfjs-backend-wasm\/dist\/$/)
    const s = await selectBackend('wasm', { wasmDir: dir.slice(0, -1) })
    expect(s.name).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
  })
})
