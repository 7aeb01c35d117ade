export { createWebGpuEngine, type WebGpuEngineOptions } from './webgpu-engine.js'
export { adapterLabel, isSoftwareAdapter, type AdapterInfo } from './adapter.js'
export { probeWebGpuAdapter } from './probe.js'
