import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_INDEX_URL, isTrustedUrl, originOf, originsFromArgs, trustedOrigins, trustedOriginsArg } from '../../src-main/electron/app-origins.js'
import { resolveAppPath } from '../../src-main/electron/app-path.js'

describe('trusted origins', () => {
  const dev = 'http://localhost:5173'

  it('trust the app:// page, and the dev server only when not packaged', () => {
    expect([...trustedOrigins({ isPackaged: true, devServerUrl: dev })]).toEqual(['app://renderer'])
    expect([...trustedOrigins({ isPackaged: false, devServerUrl: `${dev}/` })]).toEqual(['app://renderer', dev])
    expect([...trustedOrigins({ isPackaged: false, devServerUrl: undefined })]).toEqual(['app://renderer'])
  })

  it('compare whole origins, never prefixes', () => {
    const origins = trustedOrigins({ isPackaged: false, devServerUrl: dev })
    expect(isTrustedUrl(APP_INDEX_URL, origins)).toBe(true)
    expect(isTrustedUrl('app://renderer/assets/index.js#/datasets/1', origins)).toBe(true)
    expect(isTrustedUrl(`${dev}/pilots?x=1`, origins)).toBe(true)
    for (const foreign of [
      'http://localhost:5173.evil.example/',
      'http://localhost:51730/',
      'http://localhost:5173@evil.example/',
      'https://localhost:5173/',
      'app://renderer.evil/index.html',
      'app://other/index.html',
      'file:///opt/app/out/renderer/index.html',
      'data:text/html,hi',
      'javascript:alert(1)',
      'not a url',
      '',
    ])
      expect(isTrustedUrl(foreign, origins), foreign).toBe(false)
    // Packaged: ELECTRON_RENDERER_URL pointing anywhere changes nothing.
    expect(isTrustedUrl(`${dev}/`, trustedOrigins({ isPackaged: true, devServerUrl: dev }))).toBe(false)
  })

  it('spell out app: origins (Node gives non-special schemes an opaque "null" origin)', () => {
    expect(new URL(APP_INDEX_URL).origin).toBe('null')
    expect(originOf(APP_INDEX_URL)).toBe('app://renderer')
    expect(originOf('APP://Renderer/x')).toBe('app://renderer')
    expect(originOf('file:///x')).toBeNull()
  })

  it('travel to the preload as one argument', () => {
    const origins = trustedOrigins({ isPackaged: false, devServerUrl: dev })
    expect(originsFromArgs(['electron', '--type=renderer', trustedOriginsArg(origins)])).toEqual(origins)
    expect(originsFromArgs(['electron'])).toEqual(new Set())
  })
})

describe('resolveAppPath', () => {
  const root = path.resolve('/opt/nnmf/out/renderer')

  it('maps app://renderer/ paths into the renderer folder, "/" to index.html', () => {
    expect(resolveAppPath(root, 'app://renderer/')).toBe(path.join(root, 'index.html'))
    expect(resolveAppPath(root, APP_INDEX_URL)).toBe(path.join(root, 'index.html'))
    expect(resolveAppPath(root, 'app://renderer/assets/index-3f2a.js?v=1#x')).toBe(path.join(root, 'assets', 'index-3f2a.js'))
    expect(resolveAppPath(root, 'app://renderer/fonts/%E6%97%A5%E6%9C%AC.woff2')).toBe(path.join(root, 'fonts', '日本.woff2'))
  })

  it('refuses path traversal, however it is spelled', () => {
    // A "/../" segment (plain or as %2e%2e) is removed by URL parsing itself: it stays at the root.
    expect(resolveAppPath(root, 'app://renderer/../../secret.txt')).toBe(path.join(root, 'secret.txt'))
    expect(resolveAppPath(root, 'app://renderer/%2e%2e/secret.txt')).toBe(path.join(root, 'secret.txt'))
    for (const url of [
      'app://renderer/assets/..%2f..%2fsecret.txt',
      'app://renderer/%2E%2E%2F%2E%2E%2Fetc/passwd',
      'app://renderer/..%5c..%5csecret.txt',
      'app://renderer/a%5cb',
      'app://renderer/index.html%00.js',
      'app://renderer/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
      'nope',
    ]) {
      const resolved = resolveAppPath(root, url)
      expect(resolved === null || resolved.startsWith(root + path.sep), url).toBe(true)
      expect(resolved, url).toBeNull()
    }
  })
})
