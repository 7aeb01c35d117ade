import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { findBrowser } from './find-browser.js'

/**
 * The report's PDF, printed by headless Chromium (Chrome / Edge) from the HTML file: the same
 * page the user sees, laid out by the browser's own print engine (A4 from the report's @page
 * rule, no header or footer). In the Electron app, electron/print-pdf.ts does the same with
 * webContents.printToPDF.
 */
export interface PrintOptions {
  /** The browser executable; found by findBrowser() when absent. */
  chromiumPath?: string
  /** Give up after this long (default 120 s). */
  timeoutMs?: number
  signal?: AbortSignal
}

export async function printHtmlToPdf(htmlPath: string, pdfPath: string, options: PrintOptions = {}): Promise<void> {
  const browser = findBrowser(options.chromiumPath)
  const source = path.resolve(htmlPath)
  if (!fs.existsSync(source)) throw new Error(`No HTML file at ${source}`)
  const target = path.resolve(pdfPath)
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial.pdf`)
  // A throwaway profile: a running desktop browser's profile lock would otherwise make the headless one hand off and exit.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-print-'))
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-extensions',
    '--no-first-run',
    '--no-default-browser-check',
    '--mute-audio',
    `--user-data-dir=${profile}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${temp}`,
    pathToFileURL(source).href,
  ]
  try {
    await run(browser, args, options)
    if (!fs.existsSync(temp) || fs.statSync(temp).size === 0) throw new Error(`${path.basename(browser)} finished without writing the PDF`)
    fs.renameSync(temp, target)
  } finally {
    fs.rmSync(temp, { force: true })
    fs.rmSync(profile, { recursive: true, force: true })
  }
}

function run(command: string, args: string[], options: PrintOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`Printing the PDF took longer than ${(options.timeoutMs ?? 120_000) / 1000} s; stopped ${path.basename(command)}`))
    }, options.timeoutMs ?? 120_000)
    const onAbort = (): void => {
      child.kill('SIGKILL')
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`Could not start ${command}: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      if (options.signal?.aborted) reject(options.signal.reason)
      else if (code === 0) resolve()
      else reject(new Error(`${path.basename(command)} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' ')}`))
    })
  })
}
