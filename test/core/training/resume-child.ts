import { chooseNnmfEngine } from '../../../src-main/core/models/nnmf/choose-engine.js'
import { openDatabase } from '../../../src-main/core/store/open.js'
import { trainAndSave } from '../../../src-main/core/runs/train-run.js'

/**
 * A training run in its own process (resume-run.test.ts): checkpoints every epoch, prints
 * "epoch <candidate>:<epoch>" as it goes, and is killed by the parent somewhere in the middle.
 */
const [dir, request] = [process.argv[2]!, JSON.parse(process.argv[3]!) as Parameters<typeof trainAndSave>[1]]
const db = openDatabase(dir)
const engine = await chooseNnmfEngine('fastcpu')
await trainAndSave(db, request, {
  engine,
  checkpointEveryMs: 0,
  onProgress: (p) => process.stdout.write(`epoch ${p.candidate}:${p.epoch}\n`),
})
process.stdout.write('done\n')
