import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BrowserNotFoundError, browserCandidates, findBrowser } from '../../../src-main/core/report/find-browser.js'
import { removeTempDirs, tempDir } from './pilot-fixture.js'

afterEach(removeTempDirs)

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH first, and an explicit path over everything', () => {
    const dir = tempDir()
    const fake = path.join(dir, 'my-chrome')
    fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 })
    expect(findBrowser(undefined, { CHROMIUM_PATH: fake, PATH: '' }, 'linux')).toBe(fake)
    expect(findBrowser(fake, { PATH: '' }, 'linux')).toBe(fake)
    expect(() => findBrowser(path.join(dir, 'missing'), {}, 'linux')).toThrow(BrowserNotFoundError)
  })

  it('knows the Windows and macOS install places of Edge and Chrome', () => {
    const win = browserCandidates({ PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' }, 'win32')
    expect(win).toContain('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe')
    expect(win).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe')
    expect(browserCandidates({}, 'darwin')).toContain('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge')
  })

  it('lists what it tried when nothing is found', () => {
    try {
      findBrowser(undefined, { PROGRAMFILES: tempDir() }, 'win32')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(BrowserNotFoundError)
      expect((error as BrowserNotFoundError).tried.some((p) => p.endsWith('msedge.exe'))).toBe(true)
      expect((error as Error).message).toMatch(/CHROMIUM_PATH/)
    }
  })

  it('finds the Chromium of this machine', () => {
    expect(findBrowser()).toMatch(/chrom/i)
  })
})
