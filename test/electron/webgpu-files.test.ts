import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../cli/helpers.js'

/**
 * Which of node_modules/webgpu's files each installer carries, decided by electron-builder's own
 * matcher (the one it applies to node_modules while packing) on build/electron-builder.yml. The
 * installers themselves cannot be built here (no Electron binary), so this is the check.
 */
const require = createRequire(import.meta.url)
const yaml = require('js-yaml') as { load(text: string): unknown }
const { getNodeModuleFileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
  getNodeModuleFileMatcher(
    appDir: string,
    destination: string,
    macroExpander: (pattern: string) => string,
    platformOptions: object,
    packager: object,
  ): {
    createFilter(): (file: string, stat: fs.Stats) => boolean
  }
}

type Config = Record<string, unknown> & { win: object; mac: object; linux: object }
const config = yaml.load(fs.readFileSync(path.join(ROOT, 'build/electron-builder.yml'), 'utf8')) as Config
const WEBGPU = path.join(ROOT, 'node_modules', 'webgpu')

/** The webgpu files an installer for `platform`/`arch` would carry, and their bytes. */
function shipped(platform: 'win' | 'mac' | 'linux', arch: string): { files: string[]; bytes: number } {
  const expand = (pattern: string): string => pattern.replace(/\$\{arch\}/g, arch)
  const matcher = getNodeModuleFileMatcher(ROOT, '/app', expand, config[platform], { config, debugLogger: { isEnabled: false } })
  const filter = matcher.createFilter()
  const files: string[] = []
  let bytes = 0
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name)
      const stat = fs.statSync(file)
      if (!filter(file, stat)) continue
      if (stat.isDirectory()) walk(file)
      else {
        files.push(path.relative(WEBGPU, file))
        bytes += stat.size
      }
    }
  }
  walk(WEBGPU)
  return { files, bytes }
}

const dawnBinaries = (files: string[]): string[] => files.filter((f) => f.startsWith('dist/')).sort()

describe('packaging: only the target platform’s Dawn binary', () => {
  it('each installer keeps the dist folder index.js loads on it, and no other', () => {
    expect(dawnBinaries(shipped('linux', 'x64').files)).toEqual(['dist/linux-x64/dawn.node'])
    expect(dawnBinaries(shipped('linux', 'arm64').files)).toEqual(['dist/linux-arm64/dawn.node'])
    expect(dawnBinaries(shipped('win', 'x64').files)).toEqual([
      'dist/win32-x64/d3dcompiler_47.dll',
      'dist/win32-x64/dawn.node',
      'dist/win32-x64/dxcompiler-LICENSE.TXT',
      'dist/win32-x64/dxcompiler-ThirdPartyNotices.txt',
      'dist/win32-x64/dxcompiler.dll',
    ])
    expect(dawnBinaries(shipped('mac', 'universal').files)).toEqual(['dist/darwin-universal/dawn.node'])
    // The package's own code travels everywhere.
    expect(shipped('linux', 'x64').files).toEqual(expect.arrayContaining(['index.js', 'package.json', 'LICENSE.md']))
  })

  it('cuts node_modules/webgpu for linux-x64 to the package code and one binary', () => {
    const all = shipped('linux', 'x64')
    const linuxBinary = fs.statSync(path.join(WEBGPU, 'dist/linux-x64/dawn.node')).size
    const everyBinary = fs
      .readdirSync(path.join(WEBGPU, 'dist'))
      .flatMap((d) => fs.readdirSync(path.join(WEBGPU, 'dist', d)).map((f) => fs.statSync(path.join(WEBGPU, 'dist', d, f)).size))
      .reduce((a, b) => a + b, 0)
    // The other platforms' binaries are gone; what remains beside the one binary is small.
    expect(all.bytes - linuxBinary).toBeLessThan(1_000_000)
    expect(everyBinary - linuxBinary).toBeGreaterThan(100_000_000)
    console.log(`node_modules/webgpu for linux-x64: ${all.bytes} bytes shipped (dist: ${linuxBinary} of ${everyBinary} bytes)`)
  })
})
