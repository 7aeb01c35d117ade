import { listModels } from '../../core/store/models.js'
import type { Command } from '../command.js'
import { modelJson, table } from '../shapes.js'
import { integer } from '../values.js'

const fmt = (x: unknown): string => (typeof x === 'number' ? x.toFixed(4) : '-')

export const modelsCommand: Command = {
  name: 'models',
  summary: 'list the saved models (training runs), newest first',
  usage: 'models [options]',
  positionals: { required: [] },
  options: {
    dataset: { type: 'string', valueName: 'ID', description: 'only the models of this dataset' },
  },
  async run(ctx) {
    const datasetId = integer(ctx.values, 'dataset', 1)
    const models = listModels(ctx.store(), datasetId === undefined ? {} : { datasetId }).map(modelJson)
    if (models.length === 0) ctx.out.text('No models yet. Train one with: nnmf-workbench train --dataset ID --model mf')
    else {
      for (const line of table(
        ['ID', 'DATASET', 'KIND', 'STATUS', 'VALIDATION RMSE', 'ENGINE', 'NAME'],
        models.map((m) => [String(m.id), String(m.datasetId ?? '-'), m.kind, m.status, fmt(m.metrics.validationRmse), m.engine, m.name]),
      ))
        ctx.out.text(line)
    }
    return { models }
  },
}
