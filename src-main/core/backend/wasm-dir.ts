/** Where tfjs-backend-wasm's .wasm binaries live, so the backend can load them under Node. */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']

/** The installed package's dist/ directory (its main file lives there), with a trailing slash. */
export function defaultWasmDir(): string {
  const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')
  return withSlash(dirname(main))
}

export function withSlash(dir: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}/`
}

/** Null when the plain (non-threaded) binary is present; else why the wasm backend cannot start. */
export function wasmDirProblem(dir: string): string | null {
  const file = join(dir, WASM_FILES[0]!)
  return existsSync(file) ? null : `missing ${file}`
}
