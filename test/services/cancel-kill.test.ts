import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createPilot, getPilot } from '../../src-main/core/store/pilots.js'
import { nodeJobLauncher } from '../../src-main/jobs/launcher.js'
import { probeBackendStatus } from '../../src-main/services/backend-status.js'
import { openWorkbench } from '../../src-main/services/workbench.js'
import { plantedLowRank, writePlantedDataset } from '../helpers/planted.js'
import { useTempDirs } from '../helpers/temp-dir.js'

const scripted = path.resolve(import.meta.dirname, '../fixtures/jobs/scripted-job.ts')

describe('a pilot job killed after the user cancelled it', () => {
  const tempDir = useTempDirs()

  it('is marked cancelled, not interrupted', async () => {
    const workbench = openWorkbench({
      dataDir: tempDir(),
      transport: 'web',
      backendStatus: probeBackendStatus,
      launchJob: nodeJobLauncher({ entry: scripted, execArgv: ['--import', 'tsx'] }),
      resourcesDir: path.resolve(import.meta.dirname, '../../resources'),
    })
    try {
      const datasetId = writePlantedDataset(workbench.db, plantedLowRank({ nRows: 10, nCols: 5, rank: 1, density: 1, noise: 0, seed: 1 }))
      const pilotId = createPilot(workbench.db, { name: 'p', config: { datasetId }, dataHash: 'h' })
      // The scripted job ignores cancel, as a job blocked in a long computation would.
      const job = workbench.jobs.start('pilot', { pilotId, behaviour: 'ignore-cancel' } as { pilotId: number })
      await new Promise((resolve) => setTimeout(resolve, 300))
      workbench.jobs.cancel(job.jobId)
      expect((await workbench.jobs.wait(job.jobId)).state).toBe('cancelled')
      await expect.poll(() => getPilot(workbench.db, pilotId)?.status, { timeout: 5000 }).toBe('cancelled')
    } finally {
      workbench.db.close()
    }
  })
})
