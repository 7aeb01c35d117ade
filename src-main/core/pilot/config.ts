import { z } from 'zod'
import { MODEL_KINDS, type ModelKind } from '../models/specs.js'
import { defaultScaling } from '../fitting/targets.js'
import { effortOverridesSchema, resolveEffort, type EffortPreset } from './effort.js'

/**
 * The one object that describes a pilot: the wizard edits it, this schema validates it, the runner
 * executes it, the store keeps it (as the parsed output, defaults filled in), the report renders it.
 */
export const PILOT_GOALS = ['fill-cells', 'new-rows', 'latest-period'] as const
/** Every registered model (models/specs.ts), in its order. */
export const PILOT_MODELS = MODEL_KINDS
export const EFFORTS = ['quick', 'standard', 'thorough'] as const

export type PilotGoal = (typeof PILOT_GOALS)[number]
export type PilotModelKind = ModelKind

export const pilotConfigSchema = z.object({
  datasetId: z.number().int().positive(),
  /** Shown in the list of past pilots; the store names it after the dataset when absent. */
  name: z.string().trim().max(200).optional(),
  /**
   * fill-cells: random observed cells held out; new-rows: whole rows held out and predicted from
   * part of their cells through fold-in; latest-period: the latest entries by timestamp.
   */
  goal: z.enum(PILOT_GOALS).default('fill-cells'),
  /** Cells (fill-cells), rows (new-rows) or the latest entries (latest-period) held out for testing. */
  holdoutFraction: z.number().min(0.01).max(0.5).default(0.1),
  effort: z.enum(EFFORTS).default('quick'),
  /** Subset of the models, kept in the order of models/specs.ts. */
  models: z
    .array(z.enum(PILOT_MODELS))
    .min(1)
    .default([...PILOT_MODELS])
    .transform((models) => PILOT_MODELS.filter((m) => models.includes(m))),
  seed: z.number().int().min(0).max(0x7fffffff).default(0),
  /** auto: per-column scaling for wide numeric (sensor) data, none otherwise; binary data is never scaled. */
  scaling: z.enum(['auto', 'none', 'per-column']).default('auto'),
  engine: z.enum(['auto', 'fastcpu', 'tfjs', 'webgpu']).default('auto'),
  /** Run even when the data check says 'unsuitable'. */
  overrideSuitability: z.boolean().default(false),
  /** Advanced / tests: laid over the effort preset (stored, so a re-run reproduces it). */
  effortOverrides: effortOverridesSchema.optional(),
})

export type PilotConfig = z.input<typeof pilotConfigSchema>
export type ResolvedPilotConfig = z.output<typeof pilotConfigSchema>

export function parsePilotConfig(config: PilotConfig): ResolvedPilotConfig {
  return pilotConfigSchema.parse(config)
}

export function effortOf(config: ResolvedPilotConfig): EffortPreset {
  return resolveEffort(config.effort, config.effortOverrides)
}

/** What the config needs to know about its dataset. */
export interface PilotDatasetFacts {
  valueKind: 'numeric' | 'binary'
  layout: 'wide' | 'long'
  hasTime: boolean
  nRows: number
}

/** Problems of a config for a given dataset, as codes for the UI to word. */
export type PilotConfigIssue = { code: 'latest-period-needs-times' } | { code: 'too-few-rows-for-new-rows'; nRows: number; heldOutRows: number }

export function checkConfigForDataset(config: ResolvedPilotConfig, dataset: PilotDatasetFacts): PilotConfigIssue[] {
  const issues: PilotConfigIssue[] = []
  if (config.goal === 'latest-period' && !dataset.hasTime) issues.push({ code: 'latest-period-needs-times' })
  if (config.goal === 'new-rows') {
    const heldOutRows = Math.floor(dataset.nRows * config.holdoutFraction)
    if (heldOutRows < 2 || dataset.nRows - heldOutRows < 2) issues.push({ code: 'too-few-rows-for-new-rows', nRows: dataset.nRows, heldOutRows })
  }
  return issues
}

/** Whether models train on per-column standardised values. */
export function usesColumnScaling(config: ResolvedPilotConfig, dataset: PilotDatasetFacts): boolean {
  if (dataset.valueKind === 'binary') return false
  if (config.scaling === 'auto') return defaultScaling(dataset.layout, dataset.valueKind)
  return config.scaling === 'per-column'
}

/** The wizard's starting point for a dataset: fill in cells, quick effort, every model. */
export function defaultPilotConfig(datasetId: number): ResolvedPilotConfig {
  return parsePilotConfig({ datasetId })
}
