import { describe, expect, it } from 'vitest'
import { FILE_ERROR_CODES } from '../../src-main/core/import/report.js'
import { PILOT_ERROR_CODES } from '../../src-main/core/pilot/runner.js'
import { REUSE_ERROR_CODES } from '../../src-main/core/reuse/errors.js'
import fs from 'node:fs'
import path from 'node:path'

/** Every code a failure can carry to the renderer (platform/error-detail.ts and the job manager). */
const CODES = [
  'job-crashed',
  'model-training',
  'dataset-not-found',
  'dataset-no-such-row',
  ...FILE_ERROR_CODES.map((code) => `import-${code}`),
  ...PILOT_ERROR_CODES.map((code) => `pilot-${code}`),
  ...REUSE_ERROR_CODES.map((code) => `reuse-${code}`),
]

/**
 * The keys of jobs.errors in a message file, read from its text: the message files import the
 * renderer's aliases, which the Node tests do not resolve.
 */
function errorKeys(language: 'en' | 'ja'): Map<string, string> {
  const text = fs.readFileSync(path.resolve(import.meta.dirname, `../../src-renderer/src/i18n/${language}.ts`), 'utf8')
  const start = text.indexOf('\n    errors: {')
  const block = text.slice(start, text.indexOf('\n    },', start))
  // Prettier may put a long message on the next line, and quote one holding ' with ".
  return new Map([...block.matchAll(/^\s+'([\w-]+)':\s+(['"])(.*)\2,$/gm)].map((m) => [m[1]!, m[3]!]))
}

describe('error codes', () => {
  const en = errorKeys('en')
  const ja = errorKeys('ja')

  it.each(CODES)('%s is worded in Japanese and in English', (code) => {
    expect(en.get(code), `en jobs.errors.${code}`).toBeTruthy()
    expect(ja.get(code), `ja jobs.errors.${code}`).toBeTruthy()
    expect(ja.get(code)).not.toBe(en.get(code))
  })
})
