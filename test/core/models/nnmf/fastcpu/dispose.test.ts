import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

describe('fastcpu engine lifetime', () => {
  it('runs inside a worker thread and, once disposed, lets the process exit by itself', () => {
    const fixture = fileURLToPath(new URL('./engine-in-worker.fixture.ts', import.meta.url))
    const child = spawnSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8', timeout: 45_000 })
    // A live sub-worker keeps the event loop alive: the child would hang and be killed at the timeout.
    expect(child.signal, child.stderr).toBeNull()
    expect(child.status, child.stderr).toBe(0)
    expect(child.stdout).toMatch(/^ok fastcpu-wasm-simd \(2 threads\) \d+(\.\d+)?/)
  })
})
