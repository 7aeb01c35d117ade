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
    download: async (downloadId) => {
      const savedAt = await bridge.saveDownload(downloadId)
      return savedAt === null ? null : { fileName: baseName(savedAt), folder: folderOf(savedAt) }
    },
  }
}

/** The renderer has no node:path; the saved path is the OS's (back or forward slashes). */
function baseName(filePath: string): string {
  return filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1)
}

function folderOf(filePath: string): string {
  return filePath.slice(0, Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'))) || filePath
}
