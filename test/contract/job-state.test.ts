import { describe, expect, it } from 'vitest'
import { JOB_KINDS } from '../../src-main/contract/jobs.js'
import { pilotDetailSchema } from '../../src-main/contract/pilots.js'
import { jobSnapshotSchema, jobStateEventSchema, resultOf } from '../../src-main/contract/schemas.js'

const download = { downloadId: 'd1', fileName: 'matrix.csv', size: 10 }
const trained = {
  modelId: 3,
  epochs: 4,
  validationRmse: 0.5,
  elapsedMs: 10,
  hyperparameters: { d: 3, lambda: 1 },
  search: [],
  engine: 'fastcpu',
  backend: 'cpu',
}

/** Job events and snapshots carry the result of their own kind, as the job table (contract/jobs.ts) gives it. */
describe('job state events and snapshots', () => {
  it('have one shape per kind of the job table', () => {
    expect(jobStateEventSchema.options.map((option) => option.shape.kind.value)).toEqual(JOB_KINDS)
    expect(jobSnapshotSchema.options.map((option) => option.shape.kind.value)).toEqual(JOB_KINDS)
  })

  it("accept a result of the job's kind and refuse another kind's", () => {
    const ended = { jobId: 'j', state: 'succeeded' } as const
    expect(jobStateEventSchema.safeParse({ ...ended, kind: 'export', result: download }).success).toBe(true)
    expect(jobStateEventSchema.safeParse({ ...ended, kind: 'train', result: trained }).success).toBe(true)
    expect(jobStateEventSchema.safeParse({ ...ended, kind: 'train', result: download }).success).toBe(false)
    expect(jobStateEventSchema.safeParse({ ...ended, kind: 'import', result: { answer: 42 } }).success).toBe(false)
    expect(jobSnapshotSchema.safeParse({ ...ended, kind: 'resume', startedAt: 'now', result: trained }).success).toBe(true)
    expect(jobSnapshotSchema.safeParse({ ...ended, kind: 'pilot', startedAt: 'now', result: trained }).success).toBe(false)
  })

  it('read a result by kind only from a job that succeeded', () => {
    const event = jobStateEventSchema.parse({ jobId: 'j', kind: 'train', state: 'succeeded', result: trained })
    expect(resultOf(event, 'train')?.modelId).toBe(3)
    expect(resultOf(event, 'resume')).toBeNull()
    expect(resultOf({ ...event, state: 'failed' }, 'train')).toBeNull()
    expect(resultOf(undefined, 'train')).toBeNull()
  })
})

describe('a stored pilot result in a pilot detail', () => {
  const result = { version: 2, dataset: { id: 1 }, splits: [], runs: [], summary: [] }

  it('is a result of the current version, or null', () => {
    const parse = (value: unknown) => pilotDetailSchema.shape.result.safeParse(value).success
    expect(parse(result)).toBe(true)
    expect(parse(null)).toBe(true)
    expect(parse({ ...result, version: 1 })).toBe(false)
    expect(parse({ ...result, runs: undefined })).toBe(false)
    expect(parse('result')).toBe(false)
  })
})
