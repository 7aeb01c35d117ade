export { selectBackend, describeBackends, currentBackend } from './select.js'
export { defaultWasmDir } from './wasm-dir.js'
export type { BackendName, BackendPreference, BackendSelection, BackendAttempt, BackendInfo, BackendOptions } from './types.js'
