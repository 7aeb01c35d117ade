import fs from 'node:fs'
import path from 'node:path'

/**
 * Where a Chromium-family browser lives, for print-to-PDF: CHROMIUM_PATH first, then the usual
 * names on the PATH (Linux), then the standard install locations of Chrome, Chromium and Edge on
 * Windows and macOS (Edge ships with every Windows 10/11, so Windows users always have one).
 */
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable']

function windowsCandidates(env: NodeJS.ProcessEnv): string[] {
  const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((r): r is string => Boolean(r))
  return roots.flatMap((root) => [
    path.win32.join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
    path.win32.join(root, 'Chromium', 'Application', 'chrome.exe'),
  ])
}

const MAC_CANDIDATES = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
]

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env['PATH'] ?? '').split(path.delimiter).filter(Boolean)
  for (const dir of ['/usr/bin', ...dirs]) {
    const file = path.join(dir, name)
    if (isExecutable(file)) return file
  }
  return undefined
}

/** The candidates in the order they are tried (for the error message and for tests). */
export function browserCandidates(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const list: string[] = []
  if (env['CHROMIUM_PATH']) list.push(env['CHROMIUM_PATH'])
  if (platform === 'win32') list.push(...windowsCandidates(env))
  else if (platform === 'darwin') list.push(...MAC_CANDIDATES)
  return list
}

export class BrowserNotFoundError extends Error {
  constructor(readonly tried: string[]) {
    super(
      'No Chromium, Chrome or Edge browser was found to print the PDF. Install one (Linux: "apt install chromium"), ' +
        `or set CHROMIUM_PATH to its executable. Looked for: ${tried.join(', ')}.`,
    )
    this.name = 'BrowserNotFoundError'
  }
}

/** The browser to print with: an explicit path (must exist), else the first found. */
export function findBrowser(explicit?: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (explicit) {
    if (!isExecutable(explicit)) throw new BrowserNotFoundError([explicit])
    return explicit
  }
  const tried: string[] = []
  for (const candidate of browserCandidates(env, platform)) {
    tried.push(candidate)
    if (isExecutable(candidate)) return candidate
  }
  if (platform !== 'win32') {
    for (const name of PATH_NAMES) {
      tried.push(name)
      const found = onPath(name, env)
      if (found) return found
    }
  }
  throw new BrowserNotFoundError(tried)
}
