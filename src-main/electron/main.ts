import { app, BrowserWindow, dialog, ipcMain, protocol } from 'electron'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { EVENT_CHANNEL, requestChannel, requestNames, SAVE_DOWNLOAD_CHANNEL, UPLOAD_CHANNEL } from '../contract/names.js'
import { DATA_DIR_ENV } from '../core/paths.js'
import { ApiError, toErrorBody } from '../services/api-error.js'
import { probeBackendStatus } from '../services/backend-status.js'
import { openWorkbench, type Workbench } from '../services/workbench.js'
import { APP_INDEX_URL, APP_SCHEME, isTrustedUrl, trustedOrigins, trustedOriginsArg } from './app-origins.js'
import { resolveAppPath } from './app-path.js'
import { hardenSessions, isTrustedSender } from './security.js'
import { utilityJobLauncher } from './utility-launcher.js'
import { CONTENT_SECURITY_POLICY, contentTypeOf } from '../web/static-files.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const rendererDir = path.join(here, '..', 'renderer')
// electron-vite's dev server, in development only: a packaged app ignores the variable.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const origins = trustedOrigins({ isPackaged: app.isPackaged, devServerUrl })

function isAppUrl(url: string): boolean {
  return isTrustedUrl(url, origins)
}

// Before 'ready': app:// is a standard, secure origin (like https), so fetch, modules and storage work.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }])

/** Serves the built renderer on app://renderer/; paths outside its folder get 404, unknown ones index.html. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(rendererDir, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    const exists = await fs.promises.stat(file).then(
      (s) => s.isFile(),
      () => false,
    )
    const target = exists ? file : path.join(rendererDir, 'index.html')
    try {
      return new Response(await fs.promises.readFile(target), {
        headers: { 'content-type': contentTypeOf(target), 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
      })
    } catch {
      return new Response('The app has not been built: run `npm run build` first.', { status: 500 })
    }
  })
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
      throw new Error(JSON.stringify(toErrorBody(error)), { cause: error })
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
    if (choice.canceled || !choice.filePath) return null
    await fs.promises.copyFile(file.path, choice.filePath)
    workbench.retention.afterDownload(file.id)
    return choice.filePath
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
      // The preload exposes the bridge only to these origins (defence in depth behind the sender check).
      additionalArguments: [trustedOriginsArg(origins)],
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(devServerUrl ?? APP_INDEX_URL)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus())
  void app.whenReady().then(() => {
    serveRenderer()
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
