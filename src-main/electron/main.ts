import { app, BrowserWindow, ipcMain } from 'electron'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { EVENT_CHANNEL, requestChannel, requestNames } from '../contract/names.js'
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

function dataDirFromArgs(): string {
  const flag = process.argv.find((arg) => arg.startsWith('--data-dir='))
  if (flag) return path.resolve(flag.slice('--data-dir='.length))
  return process.env[DATA_DIR_ENV] ?? app.getPath('userData')
}

function registerIpc(workbench: Workbench): void {
  for (const name of requestNames) {
    ipcMain.handle(requestChannel(name), async (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame, isAppUrl)) {
        throw new Error(JSON.stringify(toErrorBody(new ApiError('forbidden', 'Request from an untrusted page.'))))
      }
      try {
        return await workbench.dispatch(name, input)
      } catch (error) {
        // Electron keeps only the message of a thrown error: carry the contract's error body in it.
        throw new Error(JSON.stringify(toErrorBody(error)))
      }
    })
  }
  workbench.events.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(EVENT_CHANNEL, event)
  })
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'NNMF Workbench',
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
