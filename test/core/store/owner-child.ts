import { saveModel } from '../../../src-main/core/store/models.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import { ownerId, reportProgress } from '../../../src-main/core/store/owners.js'
import { createPilot } from '../../../src-main/core/store/pilots.js'
import { writeSmallDataset } from '../../helpers/small-dataset.js'

/**
 * Another process working on the store (owners.test.ts): it registers as an owner, starts a
 * training run and a pilot, reports progress, prints their ids, and keeps running (heartbeat
 * on) until it is killed or its stdin closes.
 */
const db = openDatabase(process.argv[2]!)
const owner = ownerId(db)
const datasetId = writeSmallDataset(db)
const modelId = saveModel(db, {
  datasetId: null,
  name: 'trained elsewhere',
  backend: 'CPU',
  engine: 'typed-arrays',
  seed: 0,
  dataHash: 'h',
  status: 'training',
  saved: { kind: 'mean', config: {}, blobs: {} },
  owner,
})
const pilotId = createPilot(db, { config: { datasetId }, dataHash: 'h', name: 'scheduled pilot', owner })
reportProgress(db, 'models', modelId, { epoch: 3, maxEpochs: 40 })
reportProgress(db, 'pilots', pilotId, { fraction: 0.25, phase: 'train' })
process.stdout.write(`${JSON.stringify({ modelId, pilotId, owner, pid: process.pid })}\n`)
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
// Keep the event loop alive (the heartbeat timer is unref'd on purpose).
setInterval(() => {}, 1000)
