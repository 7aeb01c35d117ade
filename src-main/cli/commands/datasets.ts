import { listDatasets } from '../../core/store/datasets.js'
import type { Command } from '../command.js'
import { datasetJson, table } from '../shapes.js'

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'list the datasets in the store, newest first',
  usage: 'datasets [options]',
  positionals: { required: [] },
  options: {},
  async run(ctx) {
    const datasets = listDatasets(ctx.store()).map(datasetJson)
    if (datasets.length === 0) ctx.out.text('No datasets yet. Import one with: nnmf-workbench import <file>')
    else {
      for (const line of table(
        ['ID', 'NAME', 'ROWS', 'COLUMNS', 'OBSERVED', 'KIND', 'LAYOUT', 'CREATED'],
        datasets.map((d) => [String(d.id), d.name, String(d.nRows), String(d.nCols), String(d.nObserved), d.valueKind, d.layout, d.createdAt]),
      ))
        ctx.out.text(line)
    }
    return { datasets }
  },
}
