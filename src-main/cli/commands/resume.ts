import { getModel } from '../../core/store/models.js'
import { engineFallbackWords } from '../../core/models/nnmf/webgpu/fallback-words.js'
import { isModelKind } from '../../core/models/specs.js'
import type { Command } from '../command.js'
import { engineFor } from '../engine.js'
import { UsageError } from '../errors.js'
import { settingText } from '../../core/training/setting-text.js'
import { trainingProgress } from '../progress.js'
import { modelJson } from '../shapes.js'
import { choice, integer, requiredStr } from '../values.js'

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'take an interrupted or cancelled training run up again from its last checkpoint and train it to the end',
  usage: 'resume --model ID [options]',
  positionals: { required: [] },
  options: {
    model: { type: 'string', valueName: 'ID', description: 'the training run to resume, interrupted or cancelled (required; see `models`)' },
    engine: {
      type: 'string',
      valueName: 'auto|fastcpu|tfjs|webgpu',
      description: "NNMF engine (default: the one the run asked for; the same engine gives the uninterrupted run's model exactly)",
    },
  },
  async run(ctx) {
    const modelId = integer(ctx.values, 'model', 1) ?? Number(requiredStr(ctx.values, 'model'))
    const forced = choice(ctx.values, 'engine', ['auto', 'fastcpu', 'tfjs', 'webgpu'] as const)
    const db = ctx.store()
    const { resumableRun, resumeTraining } = await import('../../core/runs/train-run.js')
    const { request, record } = resumableRun(db, modelId)
    if (!isModelKind(request.kind)) throw new UsageError(`Model ${modelId} is of a kind this version does not know (${request.kind}).`)
    const engine = await engineFor(request.kind, forced ?? request.engine ?? 'auto')
    ctx.out.note(
      `Resuming model ${modelId} "${record.name}" (${record.status}, ${request.kind} on dataset ${request.datasetId}, seed ${request.seed}); engine: ${engine.name} · ${engine.label}`,
    )
    const result = await resumeTraining(db, modelId, { engine, signal: ctx.signal, onProgress: trainingProgress(ctx.out) })
    ctx.out.clearBar()
    const model = modelJson(getModel(db, result.modelId)!)
    const rmse = result.validationRmse === null ? 'n/a' : result.validationRmse.toFixed(4)
    const setting = settingText(result.hyperparameters)
    const chosen = setting === '' ? '' : result.search.length > 1 ? `, ${setting} (best of ${result.search.length} on validation)` : `, ${setting}`
    if (engine.fallbacks?.[0]) ctx.out.note(engineFallbackWords(engine.fallbacks[0], 'en'))
    ctx.out.text(
      `Saved model ${model.id} "${model.name}": ${result.epochs} epochs${chosen}, validation RMSE ${rmse}, ${(result.elapsedMs / 1000).toFixed(1)} s in all on ${model.backend} (${model.engine}).`,
    )
    return { model, engine: engine.name, backend: engine.label }
  },
}
