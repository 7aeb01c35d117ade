/** What the app shows and stores about a WebGPU adapter, and whether it is a software one. */

export interface AdapterInfo {
  vendor: string
  architecture: string
  device: string
  description: string
  /** Set by the implementation for CPU-backed adapters (Dawn sets it for SwiftShader). */
  isFallbackAdapter: boolean
}

/** Software rasterisers that present themselves as GPUs: never faster than our CPU path. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|\bwarp\b|basic render driver|microsoft basic/i

export function isSoftwareAdapter(info: AdapterInfo): boolean {
  return info.isFallbackAdapter || SOFTWARE.test([info.vendor, info.architecture, info.device, info.description].join(' '))
}

/** "google · swiftshader · SwiftShader driver 5.0.0 (software)": vendor, architecture, description. */
export function adapterLabel(info: AdapterInfo): string {
  const parts = [info.vendor, info.architecture, info.description].filter((p) => p.trim() !== '')
  const text = parts.length > 0 ? parts.join(' · ') : info.device || 'unnamed adapter'
  return isSoftwareAdapter(info) ? `${text} (software)` : text
}
