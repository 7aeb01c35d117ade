#!/usr/bin/env node
// `npm start`: builds the app and opens the Electron window. Where the Electron binary is not
// installed (ELECTRON_SKIP_BINARY_DOWNLOAD, offline machines), serves the same app in browser mode.
import { spawnSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const extraArgs = process.argv.slice(2)

/** The Electron binary's path, downloading it once if missing (Electron fetches it lazily); undefined if unavailable. */
function electronBinary() {
  let packageDir
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'))
  } catch {
    return undefined
  }
  const binary = () => {
    const pathFile = path.join(packageDir, 'path.txt')
    if (!fs.existsSync(pathFile)) return undefined
    const file = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim())
    return fs.existsSync(file) ? file : undefined
  }
  if (binary() || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return binary()
  const download = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], { stdio: 'ignore', timeout: 10 * 60 * 1000 })
  return download.status === 0 ? binary() : undefined
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
run(process.execPath, [electronVite, 'build'])

const binary = electronBinary()
const child = binary
  ? spawn(binary, ['.', ...extraArgs], { cwd: root, stdio: 'inherit' })
  : (console.log('The Electron window is not available here (its binary is not installed), so NNMF Workbench opens in your browser instead.'),
    spawn(process.execPath, [path.join(root, 'out', 'main', 'serve.js'), ...extraArgs], { cwd: root, stdio: 'inherit' }))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
