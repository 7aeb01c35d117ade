import { describe, expect, it } from 'vitest'
import { runKillCampaign, type KillKind, type Workload } from '../../bench/reliability/kill.js'

/**
 * The small version of `npm run bench -- reliability`'s kill -9 campaigns: two seeded rounds of
 * each kind on small tables, the CLI SIGKILLed at a random moment of its work while a writer process
 * keeps writing to the same store. Whatever moment the kill falls on, the store must open intact
 * with no dataset partly there, every run and pilot in an allowed state, every resumed run end with
 * the uninterrupted run's model, and the writer never fail.
 */
const SMALL: Record<KillKind, Workload> = {
  import: { rows: 2000, cols: 50, density: 1 },
  train: { rows: 200, cols: 30, density: 0.7 },
  pilot: { rows: 80, cols: 20, density: 0.7 },
}

describe('kill -9 campaigns (small)', () => {
  it.each(['import', 'train', 'pilot'] as const)(
    'kill -9 during %s beside a concurrent writer leaves a sound store',
    async (kind) => {
      const counts = await runKillCampaign({ kind, rounds: 2, seed: 11, workload: SMALL[kind], resumeEvery: 1, writerBusyTimeoutMs: 1000 })
      expect(counts.examples).toEqual([])
      expect(counts.killed + counts.finishedFirst).toBe(2)
      expect(counts).toMatchObject({ failedExits: 0, openFailures: 0, integrityFailures: 0, partialDatasets: 0 })
      expect(counts.runs.bad).toBe(0)
      expect(counts.pilots.bad).toBe(0)
      expect(counts.resumed).toMatchObject({ otherModel: 0, failed: 0 })
      expect(counts.resumed.sameModel).toBe(counts.resumed.tried)
      expect(counts.writer.failures).toBe(0)
      expect(counts.writer.writes).toBeGreaterThan(0)
      if (kind === 'train') expect(counts.runs.checkpointed + counts.runs.interruptedEarly + counts.runs.complete + counts.beforeRun).toBe(2)
      if (kind === 'pilot') expect(counts.pilots.interrupted + counts.pilots.complete + counts.beforeRun).toBe(2)
    },
    180_000,
  )
})
