import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chooseNnmfEngine } from '../../src-main/core/models/nnmf/choose-engine.js'
import { getModel, loadSavedModel } from '../../src-main/core/store/models.js'
import { openDatabase, type Db } from '../../src-main/core/store/open.js'
import { releaseOwner } from '../../src-main/core/store/owners.js'
import { trainAndSave, type TrainRunRequest } from '../../src-main/core/runs/train-run.js'
import { plantedLowRank, writePlantedDataset } from '../helpers/planted.js'
import { openBrowser, screenshot, startWebApp, type WebApp } from './helpers/web-app.js'

/**
 * A training run cancelled midway (here by the test, through the same core the app's job runs) is
 * resumed from the Models page: the button takes it up again from its last checkpoint and it ends
 * with the model an uninterrupted run with the same seed gives, bit for bit. A run that can no
 * longer be resumed when the button is pressed is refused in the page's language.
 */
const request: Omit<TrainRunRequest, 'datasetId'> = {
  kind: 'mf',
  seed: 4,
  validationFraction: 0.1,
  engine: 'fastcpu',
  name: 'MF to resume',
  overrides: { maxEpochs: 10, patience: 10 },
}
const planted = () => plantedLowRank({ nRows: 120, nCols: 40, rank: 2, density: 0.4, noise: 0.3, seed: 9 })
let app: WebApp
let db: Db
let datasetId: number
let expected: Record<string, string>

const blobs = (store: Db, id: number) =>
  Object.fromEntries(Object.entries(loadSavedModel(store, id).blobs).map(([name, a]) => [name, Buffer.from(a.buffer).toString('base64')]))

/** A run of `request` cancelled in its second setting, third epoch, with a checkpoint every epoch. */
async function cancelledRun(name: string): Promise<number> {
  const engine = await chooseNnmfEngine('fastcpu')
  const abort = new AbortController()
  let modelId = 0
  await trainAndSave(
    db,
    { ...request, name, datasetId },
    {
      engine,
      signal: abort.signal,
      checkpointEveryMs: 0,
      onProgress: (p) => {
        modelId = p.modelId!
        if (p.candidate === 1 && p.epoch === 3) abort.abort(new Error('Cancelled.'))
      },
    },
  ).catch(() => {})
  expect(getModel(db, modelId)!.status).toBe('cancelled')
  return modelId
}

beforeAll(async () => {
  const reference = openDatabase(fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-e2e-resume-ref-')))
  const whole = await trainAndSave(
    reference,
    { ...request, datasetId: writePlantedDataset(reference, planted()) },
    { engine: await chooseNnmfEngine('fastcpu') },
  )
  expected = blobs(reference, whole.modelId)
  reference.close()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnmf-e2e-resume-'))
  db = openDatabase(dataDir)
  datasetId = writePlantedDataset(db, planted())
  app = await startWebApp(dataDir)
})
afterAll(async () => {
  releaseOwner(db)
  db.close()
  await app?.stop()
  if (app) fs.rmSync(app.dataDir, { recursive: true, force: true })
})

describe('resuming a training run from the Models page', () => {
  it("the Resume button takes a cancelled run up again and it ends with the uninterrupted run's model", async () => {
    const modelId = await cancelledRun('MF to resume')
    const session = await openBrowser(app, { locale: 'en-US' })
    try {
      const { page } = session
      await page.goto(`${app.url}#/models`)
      const row = page.getByTestId('model-row').filter({ hasText: 'MF to resume' })
      await expect.poll(async () => (await row.getByTestId('model-status').textContent()) ?? '', { timeout: 15_000 }).toContain('Cancelled')
      expect(await row.getByTestId('model-resume').textContent()).toContain('Resume training')
      await row.getByTestId('model-resume').click()
      await expect.poll(async () => (await row.getByTestId('model-status').textContent()) ?? '', { timeout: 60_000 }).toContain('Ready')
      expect(await row.getByTestId('model-resume').count()).toBe(0)
      await screenshot(page, 'models-resumed')
    } finally {
      await session.close()
    }
    expect(getModel(db, modelId)).toMatchObject({ status: 'complete', metrics: { resumed: true } })
    expect(blobs(db, modelId)).toEqual(expected)
  })

  for (const [locale, label, words] of [
    ['en-US', 'Resume training', 'cannot be resumed'],
    ['ja-JP', '学習を再開', '再開できません'],
  ] as const) {
    it(`says why a run can no longer be resumed, in ${locale}`, async () => {
      const name = `gone ${locale}`
      const modelId = await cancelledRun(name)
      const session = await openBrowser(app, { locale })
      try {
        const { page } = session
        await page.goto(`${app.url}#/models`)
        const button = page.getByTestId('model-row').filter({ hasText: name }).getByTestId('model-resume')
        await expect.poll(async () => (await button.textContent()) ?? '', { timeout: 15_000 }).toContain(label)
        // Meanwhile another process has taken it up and finished it.
        db.prepare("UPDATE models SET status = 'complete' WHERE id = ?").run(modelId)
        await button.click()
        await expect.poll(async () => (await page.getByTestId('resume-error').textContent()) ?? '', { timeout: 15_000 }).toContain(words)
        expect(await page.getByTestId('resume-error').textContent()).toContain(name)
      } finally {
        await session.close()
      }
    })
  }
})
