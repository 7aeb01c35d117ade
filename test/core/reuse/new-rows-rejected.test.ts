import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readNewRows } from '../../../src-main/core/reuse/index.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-new-rows-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('new rows rejected for bad cells', () => {
  it('still name the file’s columns the model does not know, and give line, column and value', async () => {
    const file = path.join(dir, 'bad.csv')
    fs.writeFileSync(file, 'machine,s1,s2,ambient temp\nA,1,2,20\nB,oops,3,21\n')
    const read = await readNewRows(file, {}, ['s1', 's2', 's3'])
    expect(read.ok).toBe(false)
    if (read.ok) return
    expect(read.unknownColumns).toEqual(['ambient temp'])
    expect(read.report.issues[0]).toMatchObject({ line: 3, column: 's1', raw: 'oops', reason: 'not-a-number' })
  })
})
