import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir, removeTempDirs } from '../core/import/helpers.js'
import { cliInProcess } from './in-process.js'

afterAll(() => removeTempDirs())

describe('export of the gaps of a table with no gaps', () => {
  it('is refused with exit 2 and a message, and writes no file', async () => {
    const dir = tempDir('nnmf-cli-no-gaps-')
    const file = path.join(dir, 'full.csv')
    fs.writeFileSync(file, ['machine,s1,s2,s3', ...Array.from({ length: 12 }, (_, r) => `m${r},${r},${r % 3},${r % 5}`)].join('\n') + '\n')
    const base = ['--data-dir', dir, '-q']
    expect((await cliInProcess(['import', file, ...base])).code).toBe(0)
    expect((await cliInProcess(['train', '--dataset', '1', '--model', 'mean', ...base])).code).toBe(0)
    const out = path.join(dir, 'gaps.csv')
    const run = await cliInProcess(['export', '--model', '1', '--what', 'missing', '--format', 'csv', '--out', out, ...base])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('has no missing cells, so there are no gaps to predict')
    expect(fs.existsSync(out)).toBe(false)
  })
})
