/**
 * The few WebAssembly JS API calls the engine uses, typed here because the project's lib (ES2023,
 * no DOM) has no WebAssembly declarations. Node 20 and Electron provide the real object.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer
  grow(pages: number): number
}
export interface WasmModule {
  readonly __brand?: 'WasmModule'
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory
  compile(bytes: Uint8Array): Promise<WasmModule>
  instantiate(module: WasmModule, imports: Record<string, Record<string, unknown>>): Promise<WasmInstance>
}

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
