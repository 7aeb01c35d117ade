import { biasSpec } from './bias.js'
import { knnSpec } from './knn.js'
import { meanSpec } from './mean.js'
import { mfSpec } from './mf.js'
import { nnmfSpec } from './nnmf/model.js'
import type { ModelSpec } from './spec.js'

/**
 * Every model, in the order tables and menus list them. The one place that names them all: a new
 * model is its file (a spec on models/spec.ts) and one line here.
 */
export const MODEL_SPECS = [meanSpec, biasSpec, mfSpec, nnmfSpec, knnSpec] as const

export type AnyModelSpec = (typeof MODEL_SPECS)[number]
export type ModelKind = AnyModelSpec['kind']

export const MODEL_KINDS = MODEL_SPECS.map((s) => s.kind) as [ModelKind, ...ModelKind[]]

/** A kind's section of an effort preset, by kind. */
export type EffortSections = { [K in ModelKind]: Extract<AnyModelSpec, { kind: K }> extends ModelSpec<K, infer Section> ? Section : never }

export function isModelKind(kind: string): kind is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(kind)
}

/** The spec of `kind`, typed loosely enough to call with any kind's section (sections come from effortSection). */
export function specOf(kind: ModelKind): ModelSpec<ModelKind, unknown> {
  const spec = MODEL_SPECS.find((s) => s.kind === kind)
  if (!spec) throw new Error(`unknown model kind: ${kind}`)
  return spec as unknown as ModelSpec<ModelKind, unknown>
}
