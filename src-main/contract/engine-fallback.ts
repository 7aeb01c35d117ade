import { z } from 'zod'
export { engineFallbackWords } from '../core/models/nnmf/webgpu/fallback-words.js'

/** The note a run stores when its GPU was lost and the CPU finished it (core/models/nnmf/webgpu/fallback-engine.ts). */
export const engineFallbackSchema = z.object({
  reason: z.enum(['device-lost', 'out-of-memory']),
  from: z.string(),
  to: z.string(),
  message: z.string(),
  replayedSteps: z.number().int().nonnegative(),
})
export type EngineFallbackNote = z.infer<typeof engineFallbackSchema>

/** A saved model's fallback note from its metrics, or null when its engine ran to the end. */
export function engineFallbackOf(metrics: Record<string, unknown>): EngineFallbackNote | null {
  const parsed = engineFallbackSchema.safeParse(metrics.engineFallback)
  return parsed.success ? parsed.data : null
}
