import { MODEL_KINDS, MODEL_SPECS, specOf } from '../../core/models/specs.js'
import { getDataset } from '../../core/store/datasets.js'
import { getModel } from '../../core/store/models.js'
import type { Command } from '../command.js'
import { engineFallbackWords } from '../../core/models/nnmf/webgpu/fallback-words.js'
import { modelProbeShape } from '../../core/models/nnmf/webgpu/probe-shape.js'
import { dataDirOf } from '../../core/store/data-dir.js'
import { engineFor } from '../engine.js'
import { noSuchDataset, UsageError } from '../errors.js'
import { settingText } from '../../core/training/setting-text.js'
import { trainingProgress } from '../progress.js'
import { modelJson } from '../shapes.js'
import { choice, decimal, integer, requiredStr, str } from '../values.js'

/** Kinds that tune a hyperparameter. */
function tuning(what: 'd' | 'lambda'): string[] {
  return MODEL_SPECS.filter((s) => s.tunes[what]).map((s) => s.kind)
}

/** What Train a model searches per kind for one hyperparameter: "bias: 1, 10, 100; mf: 1, 10, 30". */
function gridText(grid: 'dGrid' | 'lambdaGrid'): string {
  return MODEL_SPECS.filter((s) => s.trainGrid[grid].length > 0)
    .map((s) => `${s.kind}: ${s.trainGrid[grid].join(', ')}`)
    .join('; ')
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train one model on a stored dataset and save it (λ, and d for MF, chosen on a validation slice)',
  usage: `train --dataset ID --model ${MODEL_KINDS.join('|')} [options]`,
  positionals: { required: [] },
  options: {
    dataset: { type: 'string', valueName: 'ID', description: 'the dataset to train on (required; see `datasets`)' },
    model: {
      type: 'string',
      valueName: MODEL_KINDS.join('|'),
      description: `${MODEL_SPECS.map((s) => `${s.kind}: ${s.words.en.name}`).join('; ')} (required)`,
    },
    seed: { type: 'string', valueName: 'N', description: 'random seed: same seed and engine, same model (default 0)' },
    engine: {
      type: 'string',
      valueName: 'auto|fastcpu|tfjs|webgpu',
      description:
        'NNMF engine: auto takes native TensorFlow (GPU first) if it loads, else a hardware WebGPU adapter a measured probe shows faster, else the CPU fast path (default auto)',
    },
    'validation-fraction': {
      type: 'string',
      valueName: 'F',
      description: 'share of observed cells held out for early stopping and the choice of λ and d, 0 < F < 0.5 (default 0.05)',
    },
    lambda: { type: 'string', valueName: 'X', description: `use this ℓ2 weight λ (> 0) instead of choosing it on validation (${gridText('lambdaGrid')})` },
    d: { type: 'string', valueName: 'N', description: `use this many latent dimensions instead of choosing on validation (${gridText('dGrid')})` },
    name: { type: 'string', valueName: 'NAME', description: 'model name (default "KIND · dataset name")' },
  },
  async run(ctx) {
    const datasetId = integer(ctx.values, 'dataset', 1) ?? Number(requiredStr(ctx.values, 'dataset'))
    const kind = choice(ctx.values, 'model', MODEL_KINDS)
    if (!kind) throw new UsageError(`--model is required (${MODEL_KINDS.join(', ')}).`)
    const seed = integer(ctx.values, 'seed', 0) ?? 0
    const preference = choice(ctx.values, 'engine', ['auto', 'fastcpu', 'tfjs', 'webgpu'] as const) ?? 'auto'
    const validationFraction = decimal(ctx.values, 'validation-fraction') ?? 0.05
    if (!(validationFraction > 0 && validationFraction < 0.5))
      throw new UsageError(`--validation-fraction must be between 0 and 0.5 (got ${validationFraction}).`)
    const name = str(ctx.values, 'name')
    const lambda = decimal(ctx.values, 'lambda')
    if (lambda !== undefined && !(lambda > 0)) throw new UsageError(`--lambda must be greater than 0 (got ${lambda}).`)
    const d = integer(ctx.values, 'd', 1)
    const tunes = specOf(kind).tunes
    if (d !== undefined && !tunes.d) throw new UsageError(`--d applies to --model ${tuning('d').join(', ')} only.`)
    if (lambda !== undefined && !tunes.lambda) throw new UsageError(`--lambda does not apply to --model ${kind}.`)
    const pinned = { ...(lambda !== undefined ? { lambda } : {}), ...(d !== undefined ? { d } : {}) }
    const db = ctx.store()
    const dataset = getDataset(db, datasetId)
    if (!dataset) throw noSuchDataset(datasetId)

    // 'auto' may take a hardware GPU when the probe (cached in the data folder) shows it faster on this model.
    const engine = await engineFor(kind, preference, preference === 'auto' ? { probe: { dataDir: dataDirOf(db), shape: modelProbeShape(dataset) } } : {})
    const { trainAndSave } = await import('../../core/runs/train-run.js')
    ctx.out.note(
      `Training ${kind} on dataset ${dataset.id} "${dataset.name}" (${dataset.nRows} × ${dataset.nCols}, ${dataset.nObserved} observed), seed ${seed}; engine: ${engine.name} · ${engine.label}`,
    )
    const result = await trainAndSave(
      db,
      // The engine preference is stored with the run, for `resume`.
      {
        datasetId,
        kind,
        seed,
        validationFraction,
        engine: preference,
        ...(name ? { name } : {}),
        ...(Object.keys(pinned).length ? { overrides: pinned } : {}),
      },
      { engine, signal: ctx.signal, onProgress: trainingProgress(ctx.out) },
    )
    ctx.out.clearBar()
    const model = modelJson(getModel(db, result.modelId)!)
    const rmse = result.validationRmse === null ? 'n/a' : result.validationRmse.toFixed(4)
    const setting = settingText(result.hyperparameters)
    const chosen = setting === '' ? '' : result.search.length > 1 ? `, ${setting} (best of ${result.search.length} on validation)` : `, ${setting}`
    if (engine.fallbacks?.[0]) ctx.out.note(engineFallbackWords(engine.fallbacks[0], 'en'))
    ctx.out.text(
      `Saved model ${model.id} "${model.name}": ${result.epochs} epochs${chosen}, validation RMSE ${rmse}, ${(result.elapsedMs / 1000).toFixed(1)} s on ${model.backend} (${model.engine}).`,
    )
    return { model, engine: engine.name, backend: engine.label }
  },
}
