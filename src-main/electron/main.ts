import { app, BrowserWindow, dialog, ipcMain } from 'electron'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { EVENT_CHANNEL, requestChannel, requestNames, SAVE_DOWNLOAD_CHANNEL, UPLOAD_CHANNEL } from '../contract/names.js'
import { DATA_DIR_ENV } from '../core/paths.js'
import { ApiError, toErrorBody } from '../services/api-error.js'
import { probeBackendStatus } from '../services/backend-status.js'
import { openWorkbench, type Workbench } from '../services/workbench.js'
import { hardenSessions, isTrustedSender } from './security.js'
import { utilityJobLauncher } from './utility-launcher.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const rendererIndex = path.join(here, '..', 'renderer', 'index.html')
const devServerUrl = process.env.ELECTRON_RENDERER_URL

function isAppUrl(url: string): boolean {
  if (devServerUrl && url.startsWith(devServerUrl)) return true
  const appUrl = pathToFileURL(rendererIndex).href
  return url === appUrl || url.startsWith(`${appUrl}#`) || url.startsWith(pathToFileURL(path.dirname(rendererIndex)).href + '/')
}

/** `--data-dir DIR` or `--data-dir=DIR`, as web mode and the CLI take it; else NNMF_DATA_DIR; else userData. */
function dataDirFromArgs(): string {
  const at = process.argv.indexOf('--data-dir')
  if (at >= 0 && process.argv[at + 1]) return path.resolve(process.argv[at + 1]!)
  const flag = process.argv.find((arg) => arg.startsWith('--data-dir='))
  if (flag) return path.resolve(flag.slice('--data-dir='.length))
  return process.env[DATA_DIR_ENV] ?? app.getPath('userData')
}

/** Answers an IPC channel for the app's own page only, carrying contract errors in the message. */
function handleTrusted(channel: string, handler: (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    try {
      if (!isTrustedSender(event.senderFrame, isAppUrl)) throw new ApiError('forbidden', 'Request from an untrusted page.')
      return await handler(event, ...args)
    } catch (error) {
      // Electron keeps only the message of a thrown error: carry the contract's error body in it.
      throw new Error(JSON.stringify(toErrorBody(error)))
    }
  })
}

function registerIpc(workbench: Workbench): void {
  for (const name of requestNames) handleTrusted(requestChannel(name), (_event, input) => workbench.dispatch(name, input))
  handleTrusted(UPLOAD_CHANNEL, async (_event, fileName, bytes) => {
    if (typeof fileName !== 'string' || !(bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes))) {
      throw new ApiError('bad-request', 'upload expects a file name and the file bytes.')
    }
    const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const file = await workbench.files.writeUpload(fileName, view)
    return { uploadId: file.id, fileName: file.fileName, size: file.size }
  })
  handleTrusted(SAVE_DOWNLOAD_CHANNEL, async (event, downloadId) => {
    const file = workbench.files.resolve('exports', String(downloadId))
    const window = BrowserWindow.fromWebContents(event.sender)
    const options = { defaultPath: path.join(app.getPath('documents'), file.fileName) }
    const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
    if (choice.canceled || !choice.filePath) return false
    await fs.promises.copyFile(file.path, choice.filePath)
    workbench.retention.afterDownload(file.id)
    return true
  })
  workbench.events.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(EVENT_CHANNEL, event)
  })
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'NNMF Workbench',
    icon: path.resolve(here, '..', '..', 'resources', 'icon.png'),
    show: false,
    webPreferences: {
      preload: path.join(here, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  if (devServerUrl) void window.loadURL(devServerUrl)
  else void window.loadFile(rendererIndex)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus())
  void app.whenReady().then(() => {
    hardenSessions(isAppUrl)
    const workbench = openWorkbench({
      dataDir: dataDirFromArgs(),
      transport: 'electron',
      backendStatus: probeBackendStatus,
      launchJob: utilityJobLauncher(path.join(here, 'job-process.js')),
      resourcesDir: app.isPackaged ? process.resourcesPath : path.resolve(here, '..', '..', 'resources'),
    })
    registerIpc(workbench)
    createWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow()
    })
    app.on('will-quit', () => workbench.close())
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
