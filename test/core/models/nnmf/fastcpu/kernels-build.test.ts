import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const dir = fileURLToPath(new URL('../../../../../src-main/core/models/nnmf/fastcpu/', import.meta.url))
const hasClang = spawnSync('sh', ['-c', 'command -v clang && command -v wasm-ld']).status === 0
// CI (.ci/run sets NNMF_REQUIRE_KERNEL_BUILD; most CI services set CI=true) installs clang and lld,
// so a missing toolchain there is a broken CI image, not a reason to skip the check.
const required = process.env['NNMF_REQUIRE_KERNEL_BUILD'] === '1' || process.env['CI'] === 'true'

describe('fastcpu kernels build', () => {
  // The .wasm is committed (base64 in kernels-wasm.ts) so the app needs no C toolchain; where clang
  // and lld are installed (always in CI), check that it is what kernels.c builds to.
  it.skipIf(!hasClang && !required)('kernels-wasm.ts is the build of kernels.c', () => {
    if (!hasClang) throw new Error('clang and wasm-ld are missing: install the Debian packages clang and lld (bash .ci/run does).')
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fastcpu-')), 'kernels-wasm.ts')
    execFileSync('sh', [path.join(dir, 'build-kernels.sh')], { env: { ...process.env, FASTCPU_KERNELS_OUT: out }, stdio: 'pipe' })
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(dir, 'kernels-wasm.ts'), 'utf8'))
    fs.rmSync(path.dirname(out), { recursive: true, force: true })
  })
})
