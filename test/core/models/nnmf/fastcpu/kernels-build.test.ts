import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const dir = fileURLToPath(new URL('../../../../../src-main/core/models/nnmf/fastcpu/', import.meta.url))
const hasClang = spawnSync('sh', ['-c', 'command -v clang && command -v wasm-ld']).status === 0

describe('fastcpu kernels build', () => {
  // The .wasm is committed (base64 in kernels-wasm.ts) so CI and the app need no C toolchain; where
  // clang and lld are installed, check that it is what kernels.c builds to.
  it.skipIf(!hasClang)('kernels-wasm.ts is the build of kernels.c', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fastcpu-')), 'kernels-wasm.ts')
    execFileSync('sh', [path.join(dir, 'build-kernels.sh')], { env: { ...process.env, FASTCPU_KERNELS_OUT: out }, stdio: 'pipe' })
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(dir, 'kernels-wasm.ts'), 'utf8'))
    fs.rmSync(path.dirname(out), { recursive: true, force: true })
  })
})
