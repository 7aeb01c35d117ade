import { listPilots, pilotVerdict } from '../../core/store/pilots.js'
import type { Command } from '../command.js'
import { pilotJson } from '../pilot-shapes.js'
import { table } from '../shapes.js'
import { integer } from '../values.js'

export const pilotsCommand: Command = {
  name: 'pilots',
  summary: "list the stored pilots (the app's and the CLI's), newest first",
  usage: 'pilots [options]',
  positionals: { required: [] },
  options: {
    dataset: { type: 'string', valueName: 'ID', description: 'only the pilots of this dataset' },
  },
  async run(ctx) {
    const db = ctx.store()
    const datasetId = integer(ctx.values, 'dataset', 1)
    const pilots = listPilots(db, datasetId === undefined ? {} : { datasetId }).map((p) => pilotJson(p, pilotVerdict(db, p.id)))
    if (pilots.length === 0) ctx.out.text('No pilots yet. Run one with: nnmf-workbench pilot --dataset ID')
    else {
      for (const line of table(
        ['ID', 'DATASET', 'STATUS', 'VERDICT', 'EFFORT', 'CREATED', 'NAME'],
        pilots.map((p) => [String(p.id), String(p.datasetId ?? '-'), p.status, p.verdict ?? '-', p.config.effort, p.createdAt, p.name]),
      ))
        ctx.out.text(line)
    }
    return { pilots }
  },
}
