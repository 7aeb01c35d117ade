import type { NnmfBridge } from '@contract/bridge'
import { RequestError, type Transport } from './transport'
import type { JobErrorDetail } from '@contract/schemas'

/** Electron: the preload's bridge; IPC errors arrive as Error("... {code,message} JSON"). */
export function electronTransport(bridge: NnmfBridge): Transport {
  return {
    kind: 'electron',
    async call(name, input) {
      try {
        return await bridge.request[name](input)
      } catch (error) {
        const match = /\{"code".*\}$/.exec(error instanceof Error ? error.message : String(error))
        if (match) {
          const body = JSON.parse(match[0]) as { code: string; message: string; detail?: JobErrorDetail }
          throw new RequestError(body.code, body.message, body.detail)
        }
        throw error
      }
    },
    onEvent: (listener) => bridge.onEvent(listener),
    upload: async (file) => bridge.upload(file.name, await file.arrayBuffer()),
    download: (downloadId) => bridge.saveDownload(downloadId),
  }
}
