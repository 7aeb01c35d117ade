/** The running pilot's learning curves: one per model and repeat, each the candidate being trained now. */
export interface LiveCurve {
  /** The hyper-parameter candidate these points belong to. */
  candidate: number
  points: Array<[number, number]>
}

export type LiveCurves = Record<string, LiveCurve>

/** What a curve needs of a pilot's progress (a PilotProgress has it; named here so tests run without the web aliases). */
interface CurveProgress {
  model: string | null
  repeat: number
  candidate: number
  epoch: number | null
  validationLoss: number | null
}

/**
 * Adds a progress event's epoch to its model's curve. A new tuning candidate starts the curve again:
 * joining candidates would draw lines back from the last epoch of one to the first of the next.
 */
export function addProgressPoint(curves: LiveCurves, next: CurveProgress): LiveCurves {
  if (!next.model || next.epoch === null || next.validationLoss === null) return curves
  const key = `${next.model}:${next.repeat}`
  const current = curves[key]
  const points = current && current.candidate === next.candidate ? current.points : []
  if (points.at(-1)?.[0] === next.epoch) return curves
  return { ...curves, [key]: { candidate: next.candidate, points: [...points, [next.epoch, next.validationLoss]] } }
}
