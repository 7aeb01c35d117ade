import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * One Japanese word per thing (issue 14): words retired for the glossary's must not come back in
 * the screens' messages or the report's texts. Read as text: the message files import the
 * renderer's aliases, which the Node tests do not resolve.
 */
const RETIRED: Record<string, string> = {
  検証用: '評価用 (the held-out cells; 検証 is the validation that stops training)',
  欠損: '欠測',
  クイック: 'お試し',
  横長: '横持ち',
  '行・列の偏り': '行・列の平均',
}

const FILES = ['src-renderer/src/i18n/ja.ts', 'src-renderer/src/i18n/pilot-ja.ts', 'src-main/core/report/texts.ts']

describe('Japanese terms', () => {
  it.each(FILES)('%s uses the glossary’s words only', (file) => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../..', file), 'utf8')
    const found = Object.entries(RETIRED)
      .filter(([word]) => text.includes(word))
      .map(([word, instead]) => `${word} (say ${instead})`)
    expect(found).toEqual([])
  })
})
