/**
 * Where no Vulkan driver is configured, point the loader at Chromium's SwiftShader (Debian's
 * `chromium` package ships it), so the WebGPU tests run on machines without a GPU, CI included.
 * Import this before creating an engine. Without any adapter the engine's creation rejects with
 * the reason and the tests fail: they are never skipped.
 */
import { existsSync } from 'node:fs'

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'

if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
