import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveModel } from '../../src-main/core/store/models.js'
import { openDatabase, type Db } from '../../src-main/core/store/open.js'
import { beat, ownerId, releaseOwner, reportProgress } from '../../src-main/core/store/owners.js'
import { createPilot, failPilot } from '../../src-main/core/store/pilots.js'
import { writeSmallDataset } from '../helpers/small-dataset.js'
import { openBrowser, screenshot, startWebApp, type WebApp } from './helpers/web-app.js'

/**
 * Work of another process on the same store (here the test process plays a scheduled command-line
 * run: it owns a training run and a pilot, with a heartbeat): the app shows it as running with the
 * progress that process writes to the store, does not mark it interrupted, and refuses to delete a
 * run that is training, saying why in the page's language.
 */
let app: WebApp
let db: Db
let datasetId: number
let owner: string
const run = (name: string, status: 'training' | 'cancelled') =>
  saveModel(db, {
    datasetId,
    name,
    backend: 'CPU (TypeScript)',
    engine: 'typed-arrays',
    seed: 0,
    dataHash: 'h',
    status,
    saved: { kind: 'mean', config: {}, blobs: {} },
    ...(status === 'training' ? { owner } : {}),
  })

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-e2e-elsewhere-'))
  db = openDatabase(dataDir)
  datasetId = writeSmallDataset(db)
  owner = ownerId(db)
  app = await startWebApp(dataDir)
})
afterAll(async () => {
  releaseOwner(db)
  db.close()
  await app?.stop()
  if (app) fs.rmSync(app.dataDir, { recursive: true, force: true })
})

describe('runs of another process', () => {
  it('shows a training run of another process as training with its stored progress, and a pilot as running until it ends', async () => {
    const modelId = run('trained by the scheduler', 'training')
    reportProgress(db, 'models', modelId, { epoch: 3, maxEpochs: 40, candidate: 0, candidates: 2 })
    const pilotId = createPilot(db, { config: { datasetId }, dataHash: 'h', name: 'nightly pilot', owner })
    reportProgress(db, 'pilots', pilotId, {
      phase: 'train',
      repeat: 0,
      repeats: 3,
      model: 'mf',
      candidate: 0,
      candidates: 1,
      epoch: 2,
      maxEpochs: 10,
      trainLoss: 1,
      validationLoss: 1.2,
      fraction: 0.25,
      elapsedSeconds: 5,
      etaSeconds: 15,
    })
    beat(db)
    const session = await openBrowser(app, { locale: 'en-US' })
    try {
      const { page } = session
      await page.goto(`${app.url}#/models`)
      const row = page.getByTestId('model-row').filter({ hasText: 'trained by the scheduler' })
      await expect.poll(async () => (await row.getByTestId('model-status').textContent()) ?? '', { timeout: 15_000 }).toContain('epoch 3 of at most 40')
      expect(await row.getByTestId('model-delete').count()).toBe(0)
      // The store's progress moves on: the page reads it again while the run trains.
      reportProgress(db, 'models', modelId, { epoch: 4, maxEpochs: 40, candidate: 0, candidates: 2 })
      beat(db)
      await expect.poll(async () => (await row.getByTestId('model-status').textContent()) ?? '', { timeout: 15_000 }).toContain('epoch 4 of at most 40')

      await page.goto(`${app.url}#/pilots/${pilotId}`)
      await expect.poll(() => page.getByTestId('pilot-elsewhere').isVisible(), { timeout: 15_000 }).toBe(true)
      expect(await page.getByTestId('pilot-cancel').count()).toBe(0)
      await expect.poll(async () => (await page.getByTestId('run-percent').textContent()) ?? '').toContain('25%')
      reportProgress(db, 'pilots', pilotId, {
        phase: 'train',
        repeat: 1,
        repeats: 3,
        model: 'nnmf',
        candidate: 0,
        candidates: 1,
        epoch: 4,
        maxEpochs: 10,
        trainLoss: 1,
        validationLoss: 1.1,
        fraction: 0.5,
        elapsedSeconds: 10,
        etaSeconds: 10,
      })
      beat(db)
      await expect.poll(async () => (await page.getByTestId('run-percent').textContent()) ?? '', { timeout: 15_000 }).toContain('50%')
      await screenshot(page, 'pilot-running-elsewhere')
      failPilot(db, pilotId, 'The scheduler stopped it.')
      await expect.poll(() => page.getByTestId('pilot-ended').isVisible(), { timeout: 15_000 }).toBe(true)
    } finally {
      await session.close()
    }
  })

  for (const [locale, words] of [
    ['en-US', 'is still training in another running process'],
    ['ja-JP', 'まだ学習中です'],
  ] as const) {
    it(`refuses to delete a run that another process started training again, in ${locale}`, async () => {
      const name = `resumed elsewhere ${locale}`
      const modelId = run(name, 'cancelled')
      const session = await openBrowser(app, { locale })
      try {
        const { page } = session
        await page.goto(`${app.url}#/models`)
        const row = page.getByTestId('model-row').filter({ hasText: name })
        await row.getByTestId('model-delete').click()
        // Meanwhile the other process takes the run up again (a resume from the command line).
        db.prepare("UPDATE models SET status = 'training', owner_id = ? WHERE id = ?").run(owner, modelId)
        await page.getByTestId('confirm-yes').click()
        await expect.poll(async () => (await page.getByTestId('confirm-dialog').textContent()) ?? '', { timeout: 15_000 }).toContain(words)
        expect(await page.getByTestId('confirm-dialog').textContent()).toContain(name)
      } finally {
        await session.close()
      }
    })
  }
})
