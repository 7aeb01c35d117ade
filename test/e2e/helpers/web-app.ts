import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')
export const ARTIFACTS_DIR = path.join(ROOT, 'test-results', 'e2e')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface WebApp {
  url: string
  origin: string
  dataDir: string
  process: ChildProcess
  stop(): Promise<void>
}

/** Starts the built app in web mode (`out/main/serve.js`) on a fresh data folder. */
export async function startWebApp(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-e2e-'))): Promise<WebApp> {
  const serveScript = path.join(ROOT, 'out', 'main', 'serve.js')
  if (!fs.existsSync(serveScript)) throw new Error('out/main/serve.js is missing: run `npm run build` before the e2e tests.')
  const child = spawn(process.execPath, [serveScript, '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`web mode exited with ${code}:\n${output}`)))
  })
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
    },
  }
}

export interface BrowserSession {
  browser: Browser
  context: BrowserContext
  page: Page
  /** Every request that tried to leave the local server (the app must make none). */
  foreignRequests: string[]
  close(): Promise<void>
}

/** Debian's Chromium, headless, with every request outside the app's origin refused and recorded. */
export async function openBrowser(app: WebApp, options: { locale?: string } = {}): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: { width: 1280, height: 860 } })
  const foreignRequests: string[] = []
  await context.route('**/*', async (route) => {
    const url = route.request().url()
    if (url.startsWith(app.origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
    foreignRequests.push(url)
    return route.abort('blockedbyclient')
  })
  const page = await context.newPage()
  return { browser, context, page, foreignRequests, close: () => browser.close() }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const file = path.join(ARTIFACTS_DIR, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
