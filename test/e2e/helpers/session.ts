import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { openBrowser, startWebApp, type BrowserSession, type WebApp } from './web-app.js'

export interface WebAppSession {
  /** The running web-mode app (fresh data folder); set once beforeAll has run. */
  readonly app: WebApp
  /** The browser on it; set once beforeAll has run. */
  readonly session: BrowserSession
  /** A scratch folder for the test's own files, removed afterwards. */
  readonly work: string
}

/**
 * One browser test file's app: starts web mode on a fresh data folder and Chromium on it before the
 * tests, and stops both and removes the folders after them.
 */
export function useWebAppSession(name: string, options: { locale?: string } = {}): WebAppSession {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `nnmf-e2e-${name}-`))
  let app: WebApp | undefined
  let session: BrowserSession | undefined
  beforeAll(async () => {
    app = await startWebApp()
    session = await openBrowser(app, { locale: options.locale ?? 'en-US' })
  })
  afterAll(async () => {
    await session?.close()
    await app?.stop()
    fs.rmSync(work, { recursive: true, force: true })
    if (app) fs.rmSync(app.dataDir, { recursive: true, force: true })
  })
  return {
    get app() {
      if (!app) throw new Error('the web app starts in beforeAll')
      return app
    },
    get session() {
      if (!session) throw new Error('the browser starts in beforeAll')
      return session
    },
    work,
  }
}
