import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AppEvent } from '../../src-main/contract/api.js'
import { resultOf } from '../../src-main/contract/schemas.js'
import { JobManager } from '../../src-main/jobs/job-manager.js'
import { nodeJobLauncher } from '../../src-main/jobs/launcher.js'
import { EventBus } from '../../src-main/platform/event-bus.js'

const entry = path.resolve(import.meta.dirname, '../fixtures/jobs/scripted-job.ts')

/** The scripted job reads only `behaviour`: not a real payload of any kind, so it is passed untyped. */
const script = (behaviour: string): never => ({ behaviour }) as never

function setup(): { manager: JobManager; seen: AppEvent[] } {
  const events = new EventBus()
  const seen: AppEvent[] = []
  events.subscribe((event) => seen.push(event))
  const manager = new JobManager(nodeJobLauncher({ entry, execArgv: ['--import', 'tsx'] }), '/tmp/some-data-dir', events)
  return { manager, seen }
}

describe('JobManager', () => {
  it('runs a job in another process and reports progress, then its result', async () => {
    const { manager, seen } = setup()
    const job = manager.start('export', script('succeed'))
    const end = await manager.wait(job.jobId)
    expect(end.state).toBe('succeeded')
    // Typed by its kind through the job table: an export's result is a file.
    expect(resultOf(end, 'export')).toEqual({ downloadId: 'answer-42', fileName: '/tmp/some-data-dir', size: 42 })
    expect(resultOf(end, 'import')).toBeNull()
    expect(seen.map((e) => e.type)).toEqual(['jobState', 'jobProgress', 'jobState'])
    expect(seen.at(-1)).toEqual({ type: 'jobState', payload: { jobId: job.jobId, kind: 'export', state: 'succeeded', result: end.result } })
  })

  it("fails a job whose result does not match its kind's schema, and says so", async () => {
    const { manager, seen } = setup()
    const job = manager.start('pilot', script('off-contract'))
    const end = await manager.wait(job.jobId)
    expect(end.state).toBe('failed')
    expect(end.error).toMatch(/pilot job's result does not match the job table/)
    expect(end.result).toBeUndefined()
    expect(seen.at(-1)).toMatchObject({ type: 'jobState', payload: { jobId: job.jobId, kind: 'pilot', state: 'failed' } })
  })

  it('cancels a running job within a second', async () => {
    const { manager, seen } = setup()
    const job = manager.start('train', script('progress-until-cancel'))
    await expect.poll(() => seen.filter((e) => e.type === 'jobProgress').length, { timeout: 10_000 }).toBeGreaterThan(2)
    const asked = Date.now()
    expect(manager.cancel(job.jobId)).toBe(true)
    const end = await manager.wait(job.jobId)
    expect(end.state).toBe('cancelled')
    expect(Date.now() - asked).toBeLessThan(1000)
    expect(manager.cancel(job.jobId)).toBe(false)
  })

  it('kills a job that ignores cancel and still reports it cancelled', async () => {
    const { manager } = setup()
    const job = manager.start('train', script('ignore-cancel'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    manager.cancel(job.jobId)
    const end = await manager.wait(job.jobId)
    expect(end.state).toBe('cancelled')
  })

  it('marks a job whose process dies as failed, with a plain message', async () => {
    const { manager } = setup()
    const job = manager.start('pilot', script('crash'))
    const end = await manager.wait(job.jobId)
    expect(end.state).toBe('failed')
    expect(end.error).toMatch(/stopped unexpectedly \(exit code 3\)/)
    // The renderer words the code in the user's language.
    expect(end.errorDetail).toEqual({ code: 'job-crashed', params: { exitCode: 3 } })
  })
})
