import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { Output } from '../../src-main/cli/output.js'

function sink(isTTY: boolean): Writable & { text: string; isTTY: boolean; columns: number } {
  const s = new Writable({
    write(chunk, _enc, done) {
      s.text += String(chunk)
      done()
    },
  }) as Writable & { text: string; isTTY: boolean; columns: number }
  s.text = ''
  s.isTTY = isTTY
  s.columns = 60
  return s
}

describe('CLI output', () => {
  it('draws a bar on a terminal, in place, and ends its line before other output', () => {
    const stdout = sink(false)
    const stderr = sink(true)
    const out = new Output({ stdout, stderr }, false, false)
    out.progress('parse', 0, 4)
    out.progress('parse', 4, 4)
    out.note('done')
    expect(stderr.text).toMatch(/^\rparse {2}\[\.{30}\] {3}0% +\rparse {2}\[#{30}\] 100% +\ndone\n$/)
    expect(stdout.text).toBe('')
  })

  it('writes plain lines, one per tenth, when stderr is not a terminal; nothing with --quiet', () => {
    const stderr = sink(false)
    const out = new Output({ stdout: sink(false), stderr }, false, false)
    for (let i = 0; i <= 100; i++) out.progress('train', i, 100, `epoch ${i}`)
    expect(stderr.text.split('\n').filter(Boolean)).toEqual(Array.from({ length: 11 }, (_, k) => `train: ${k * 10}% epoch ${k * 10}`))
    const quiet = sink(false)
    new Output({ stdout: sink(false), stderr: quiet }, false, true).progress('train', 1, 2)
    expect(quiet.text).toBe('')
  })

  it('with --json, stdout holds only the document', () => {
    const stdout = sink(false)
    const out = new Output({ stdout, stderr: sink(false) }, true, false)
    out.text('Imported dataset 1')
    out.document({ ok: true })
    expect(JSON.parse(stdout.text)).toEqual({ ok: true })
  })
})
