export { createWebGpuEngine, type WebGpuEngineOptions } from './webgpu-engine.js'
export { adapterLabel, isSoftwareAdapter, type AdapterInfo } from './adapter.js'
export { probeWebGpuAdapter } from './probe.js'
export { gpuFailureReason, withCpuFallback, type EngineFallback, type GpuFailureReason } from './fallback-engine.js'
