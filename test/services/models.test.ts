import { afterEach, describe, expect, it } from 'vitest'
import { finishModel, getModel, saveModel } from '../../src-main/core/store/models.js'
import { ownerId } from '../../src-main/core/store/owners.js'
import type { Workbench } from '../../src-main/services/workbench.js'
import { writeSmallDataset } from '../helpers/small-dataset.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { openTestWorkbench } from '../helpers/workbench.js'

const tempDir = useTempDirs()
let workbench: Workbench | undefined
afterEach(() => workbench?.close())

describe('saved model requests', () => {
  it('deletes a finished or cancelled model with its weights, refuses one still training, and says when there is none', async () => {
    workbench = openTestWorkbench(tempDir())
    const { db } = workbench
    const datasetId = writeSmallDataset(db)
    const save = (status: 'training' | 'cancelled') =>
      saveModel(db, {
        datasetId,
        name: `m ${status}`,
        backend: 'CPU',
        engine: 'typed-arrays',
        seed: 0,
        dataHash: 'h',
        status,
        saved: { kind: 'mean', config: {}, blobs: { w: Float32Array.of(1, 2, 3) } },
        // A run training is owned by a live process (here this one); without an owner it would count as abandoned.
        ...(status === 'training' ? { owner: ownerId(db) } : {}),
      })
    const training = save('training')
    const cancelled = save('cancelled')

    await expect(workbench.dispatch('deleteModel', { id: training })).rejects.toMatchObject({
      code: 'conflict',
      detail: { code: 'model-training', params: { name: 'm training' } },
    })
    expect(getModel(db, training)).toBeDefined()
    expect(await workbench.dispatch('deleteModel', { id: cancelled })).toEqual({ deleted: true })
    expect(getModel(db, cancelled)).toBeUndefined()
    // Blobs go with the model (ON DELETE CASCADE), nothing else does.
    expect(db.prepare('SELECT COUNT(*) AS n FROM model_blobs WHERE model_id = ?').get(cancelled)).toEqual({ n: 0 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM datasets WHERE id = ?').get(datasetId)).toEqual({ n: 1 })

    finishModel(db, training, { status: 'cancelled' })
    expect(await workbench.dispatch('deleteModel', { id: training })).toEqual({ deleted: true })
    await expect(workbench.dispatch('deleteModel', { id: training })).rejects.toMatchObject({ code: 'not-found' })
    await expect(workbench.dispatch('deleteModel', { id: 0 })).rejects.toMatchObject({ code: 'bad-request' })
  })
})
