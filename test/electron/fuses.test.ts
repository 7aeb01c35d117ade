import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../cli/helpers.js'

describe('electron-builder configuration', () => {
  it('flips the Electron fuses that close the usual ways to run other code in the app', () => {
    // The block's "key: true|false" lines (the file is plain YAML; no parser needed for this).
    const text = fs.readFileSync(path.join(ROOT, 'build/electron-builder.yml'), 'utf8')
    const block = /^electronFuses:\n((?:[ ]+\w+: (?:true|false)\n?)+)/m.exec(text)?.[1] ?? ''
    const config = { electronFuses: Object.fromEntries([...block.matchAll(/(\w+): (true|false)/g)].map((m) => [m[1]!, m[2] === 'true'])) }
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
    // The names are electron-builder's own (its schema), so a typo cannot pass silently.
    const scheme = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } }
    }
    for (const name of Object.keys(config.electronFuses!)) expect(scheme.definitions.FuseOptionsV1.properties, name).toHaveProperty(name)
  })
})
