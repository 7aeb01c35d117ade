import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { importOutcomeSchema } from '../../src-main/contract/imports.js'
import type { Workbench } from '../../src-main/services/workbench.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { openTestWorkbench } from '../helpers/workbench.js'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import')
const tempDir = useTempDirs()
let workbench: Workbench | undefined
afterEach(() => workbench?.close())

async function upload(wb: Workbench, fixture: string) {
  const file = await wb.files.writeUpload(fixture, fs.readFileSync(path.join(FIXTURES, fixture)))
  return file.id
}

describe('import through the services and a job process', () => {
  it('previews a Shift_JIS file, imports it in a job, and lists the dataset', async () => {
    workbench = openTestWorkbench(tempDir())
    const uploadId = await upload(workbench, 'wide-sjis.csv')
    const preview = await workbench.dispatch('previewImport', { uploadId })
    expect(preview).toMatchObject({ source: { encoding: 'cp932', format: 'csv' }, header: ['設備', '温度', '圧力', '振動'] })

    const job = (await workbench.dispatch('startImport', { uploadId, options: { name: '振動データ', layout: 'wide' } })) as { jobId: string }
    const end = await workbench.jobs.wait(job.jobId)
    expect(end.state).toBe('succeeded')
    const outcome = importOutcomeSchema.parse(end.result)
    expect(outcome.ok).toBe(true)
    const datasets = (await workbench.dispatch('listDatasets', {})) as Array<{ name: string; nRows: number; nCols: number }>
    expect(datasets.map((d) => d.name)).toEqual(['振動データ'])
  })

  it('returns the validation report and stores nothing when bad cells abort the import', async () => {
    workbench = openTestWorkbench(tempDir())
    const uploadId = await upload(workbench, 'non-numeric.csv')
    const job = (await workbench.dispatch('startImport', { uploadId, options: { badCellPolicy: 'abort' } })) as { jobId: string }
    const end = await workbench.jobs.wait(job.jobId)
    const outcome = importOutcomeSchema.parse(end.result)
    expect(outcome.ok).toBe(false)
    expect(outcome.report.counts['not-a-number']).toBeGreaterThan(0)
    expect(outcome.report.issues[0]).toMatchObject({ reason: 'not-a-number' })
    expect(await workbench.dispatch('listDatasets', {})).toEqual([])
  })

  it('fails a file-level error with a message naming the file and line, and stores nothing', async () => {
    workbench = openTestWorkbench(tempDir())
    const uploadId = await upload(workbench, 'truncated.csv')
    const job = (await workbench.dispatch('startImport', { uploadId, options: {} })) as { jobId: string }
    const end = await workbench.jobs.wait(job.jobId)
    expect(end.state).toBe('failed')
    expect(end.error).toMatch(/^truncated\.csv \(line \d+/)
    expect(await workbench.dispatch('listDatasets', {})).toEqual([])
  })

  it('rejects an unknown upload id and a malformed option at the boundary', async () => {
    workbench = openTestWorkbench(tempDir())
    await expect(workbench.dispatch('startImport', { uploadId: '00000000-0000-4000-8000-000000000000', options: {} })).rejects.toThrow(/no longer available/)
    await expect(workbench.dispatch('startImport', { uploadId: '../../etc/passwd', options: {} })).rejects.toThrow(/Invalid payload/)
    const uploadId = await upload(workbench, 'wide-utf8.csv')
    await expect(workbench.dispatch('startImport', { uploadId, options: { duplicatePolicy: 'sometimes' } })).rejects.toThrow(/duplicatePolicy/)
  })
})
