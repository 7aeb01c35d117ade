export { createFastCpuEngine, defaultThreadCount, type FastCpuOptions } from './fastcpu-engine.js'
