/** Which WebGPU adapter this process would train on, asked once (starting the GPU worker costs a moment). */
import type { AdapterInfo } from './adapter.js'
import { GpuHost } from './gpu-host.js'

let probe: Promise<AdapterInfo> | undefined

/** The adapter's description; rejects with the reason when no adapter or device can be created. */
export function probeWebGpuAdapter(): Promise<AdapterInfo> {
  probe ??= GpuHost.start().then((host) => {
    const info = host.info
    host.dispose()
    return info
  })
  // A failed probe is not cached: a driver installed meanwhile, or a retry, may succeed.
  probe.catch(() => {
    probe = undefined
  })
  return probe
}
