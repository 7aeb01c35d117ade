import type { z } from 'zod'
import { specOf } from '../../core/models/specs.js'
import { PILOT_MODELS, pilotConfigSchema } from '../../core/pilot/config.js'
import { getDataset } from '../../core/store/datasets.js'
import { getPilot, pilotVerdict } from '../../core/store/pilots.js'
import type { Command } from '../command.js'
import { engineFallbackWords } from '../../core/models/nnmf/webgpu/fallback-words.js'
import { modelProbeShape } from '../../core/models/nnmf/webgpu/probe-shape.js'
import { dataDirOf } from '../../core/store/data-dir.js'
import { engineFor } from '../engine.js'
import { InputError, noSuchDataset, UsageError } from '../errors.js'
import { pilotJson, pilotResultJson } from '../pilot-shapes.js'
import { pilotSummaryLines } from '../pilot-text.js'
import { pilotProgress } from '../progress.js'
import { str } from '../values.js'

/** Which flag sets which field of the pilot's configuration, for the schema's messages. */
const FLAG_OF: Record<string, string> = {
  datasetId: 'dataset',
  name: 'name',
  goal: 'goal',
  holdoutFraction: 'holdout',
  effort: 'effort',
  models: 'models',
  seed: 'seed',
  engine: 'engine',
  overrideSuitability: 'override-suitability',
}

/** The flags that get round each reason the runner refuses a pilot (its messages name the wizard's choices). */
const FLAG_HINT: Record<string, string> = {
  'latest-period-needs-times': '(--goal fill-cells or --goal new-rows)',
  'too-few-rows-for-new-rows': '(a larger --holdout, or --goal fill-cells)',
  'unsuitable-data': '(--override-suitability)',
  'dataset-mismatch': '',
}

/** A number when the text is one, else the text itself, so the schema names what it got. */
function numberOrText(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined
  return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text
}

/**
 * The flags as the pilot's configuration, validated by pilotConfigSchema itself (the one
 * definition of a pilot), its first complaint reported against the flag that caused it.
 */
export function pilotConfigFrom(values: Record<string, unknown>): z.output<typeof pilotConfigSchema> {
  if (str(values, 'dataset') === undefined) throw new UsageError('--dataset is required (see `nnmf-workbench datasets`).')
  const models = str(values, 'models')
  const input = {
    datasetId: numberOrText(str(values, 'dataset')),
    name: str(values, 'name'),
    goal: str(values, 'goal'),
    holdoutFraction: numberOrText(str(values, 'holdout')),
    effort: str(values, 'effort'),
    models:
      models === undefined
        ? undefined
        : models
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean),
    seed: numberOrText(str(values, 'seed')),
    engine: str(values, 'engine'),
    overrideSuitability: values['override-suitability'] === true,
  }
  const parsed = pilotConfigSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const field = String(issue.path[0] ?? '')
  const flag = FLAG_OF[field] ?? field
  const raw = str(values, flag)
  throw new UsageError(`--${flag}: ${issue.message}${raw !== undefined ? ` (got "${raw}")` : ''}.`)
}

export const pilotCommand: Command = {
  name: 'pilot',
  summary: "run a pilot on a stored dataset: baselines, MF and NNMF over repeated hold-out splits, and the verdict; stored like the app's",
  usage: 'pilot --dataset ID [options]',
  positionals: { required: [] },
  options: {
    dataset: { type: 'string', valueName: 'ID', description: 'the dataset (required; see `datasets`)' },
    goal: {
      type: 'string',
      valueName: 'fill-cells|new-rows|latest-period',
      description: 'what is held out: random cells, whole rows (new machines), or the latest values by timestamp (default fill-cells)',
    },
    holdout: { type: 'string', valueName: 'F', description: 'share held out for testing, 0.01 to 0.5 (default 0.1)' },
    effort: { type: 'string', valueName: 'quick|standard|thorough', description: 'repeats, grids and epochs (default quick)' },
    models: { type: 'string', valueName: 'LIST', description: `comma-separated subset of ${PILOT_MODELS.join(',')} (default all)` },
    seed: { type: 'string', valueName: 'N', description: 'seed of every split and model: same seed, engine and data, same numbers (default 0)' },
    engine: { type: 'string', valueName: 'auto|fastcpu|tfjs|webgpu', description: 'NNMF engine, as for `train` (default auto)' },
    'override-suitability': { type: 'boolean', description: 'run even if the data check finds the data unsuitable' },
    name: { type: 'string', valueName: 'NAME', description: 'pilot name (default "dataset name · effort")' },
  },
  async run(ctx) {
    const config = pilotConfigFrom(ctx.values)
    const db = ctx.store()
    const dataset = getDataset(db, config.datasetId)
    if (!dataset) throw noSuchDataset(config.datasetId)
    const { assertPilotRunnable, createStoredPilot, loadPilotInput, runStoredPilot } = await import('../../core/runs/pilot-run.js')
    const { PilotError, pilotEngineOf } = await import('../../core/pilot/runner.js')
    const { input } = loadPilotInput(db, dataset.id)
    // Everything that makes the pilot impossible is bad input, refused before the pilot is stored.
    try {
      assertPilotRunnable(config, input)
    } catch (error) {
      if (error instanceof PilotError) throw new InputError(error.code, `${error.message} ${FLAG_HINT[error.code]}`)
      throw error
    }
    const engineKind = config.models.find((m) => specOf(m).usesEngine)
    const engine = await engineFor(
      engineKind ?? 'mean',
      config.engine,
      config.engine === 'auto' ? { probe: { dataDir: dataDirOf(db), shape: modelProbeShape(dataset) } } : {},
    )
    ctx.out.note(
      `Pilot on dataset ${dataset.id} "${dataset.name}" (${dataset.nRows} × ${dataset.nCols}, ${dataset.nObserved} observed): ${config.models.join(', ')}; ${config.effort} effort, seed ${config.seed}; engine: ${engine.name} · ${engine.label}`,
    )

    const pilotId = createStoredPilot(db, config)
    const result = await runStoredPilot(db, pilotId, {
      input,
      signal: ctx.signal,
      onProgress: pilotProgress(ctx.out),
      ...(engineKind
        ? {
            engine: pilotEngineOf(engine),
          }
        : {}),
    })
    ctx.out.clearBar()
    const stored = getPilot(db, pilotId)!
    for (const line of pilotSummaryLines(stored, result)) ctx.out.text(line)
    if (result.engine?.fallback) ctx.out.note(engineFallbackWords(result.engine.fallback, 'en'))
    return { pilot: pilotJson(stored, pilotVerdict(db, pilotId)), ...pilotResultJson(result) }
  },
}
