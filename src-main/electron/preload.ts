import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { AppEvent } from '../contract/api.js'
import type { NnmfBridge } from '../contract/bridge.js'
import { BRIDGE_KEY } from '../contract/bridge.js'
import { EVENT_CHANNEL, requestChannel, requestNames, SAVE_DOWNLOAD_CHANNEL, UPLOAD_CHANNEL, type RequestName } from '../contract/names.js'
import { isTrustedUrl, originsFromArgs } from './app-origins.js'

/**
 * Sandboxed preload: exposes exactly the contract's requests and its event stream, nothing of
 * ipcRenderer itself. Built as one CommonJS file because sandboxed preloads cannot load modules.
 */
const request = Object.fromEntries(requestNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(requestChannel(name), input)])) as Record<
  RequestName,
  (input: unknown) => Promise<unknown>
>

const bridge: NnmfBridge = {
  request,
  onEvent(listener: (event: AppEvent) => void) {
    const forward = (_event: IpcRendererEvent, payload: AppEvent): void => listener(payload)
    ipcRenderer.on(EVENT_CHANNEL, forward)
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward)
  },
  upload: (fileName: string, bytes: ArrayBuffer) => ipcRenderer.invoke(UPLOAD_CHANNEL, fileName, bytes),
  saveDownload: (downloadId: string) => ipcRenderer.invoke(SAVE_DOWNLOAD_CHANNEL, downloadId),
}

// Only the app's own page gets the bridge (main passes the trusted origins; main checks every sender too).
const pageUrl = (globalThis as { location?: { href: string } }).location?.href ?? ''
if (isTrustedUrl(pageUrl, originsFromArgs(process.argv))) contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge)
