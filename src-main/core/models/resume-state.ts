import type { LoopState } from './fit-loop.js'

/**
 * A fit's whole state between two epochs, so it can be stored and a fit can go on from it later
 * (a training run resumed after an interruption or a cancel) and end exactly where an uninterrupted
 * fit would: the parameters, the optimiser's running averages, the random generator and batch
 * order, the learning rate, the epoch loop (epoch, curve, early stopping with its best snapshot).
 * JSON for the scalars, typed arrays kept bit for bit.
 */
export type StateArray = Float32Array | Float64Array | Int32Array

export interface FitResumeState {
  json: Record<string, unknown>
  arrays: Record<string, StateArray>
}

/** Handed to FitOptions.onResumePoint after each epoch training goes on from. */
export interface ResumePoint {
  /** Epochs done. */
  epoch: number
  /** Copies the state as it is now: call it before awaiting anything, and only when it will be stored. */
  capture(): FitResumeState
}

interface LoopJson {
  epoch: number
  curve: LoopState<unknown>['curve']
  elapsedMs: number
  stopper: { bestScore: number | null; bestAt: number; sinceBest: number; snapshot: unknown }
}

/** The epoch loop's part, into `arrays` (the best snapshot's arrays under `best.`) and returned JSON. */
export function saveLoop<T>(
  loop: LoopState<T>,
  arrays: Record<string, StateArray>,
  saveSnapshot: (snapshot: T, put: (name: string, array: StateArray) => void) => unknown,
): LoopJson {
  const { bestScore, bestAt, sinceBest, snapshot } = loop.stopper
  return {
    epoch: loop.epoch,
    curve: loop.curve,
    elapsedMs: loop.elapsedMs,
    stopper: {
      // Infinity (no score yet) has no JSON form.
      bestScore: Number.isFinite(bestScore) ? bestScore : null,
      bestAt,
      sinceBest,
      snapshot: snapshot === undefined ? null : (saveSnapshot(snapshot, (name, array) => (arrays[`best.${name}`] = array)) ?? {}),
    },
  }
}

export function loadLoop<T>(
  json: unknown,
  arrays: Record<string, StateArray>,
  loadSnapshot: (meta: unknown, get: (name: string) => StateArray) => T,
): LoopState<T> {
  const loop = json as LoopJson
  const get = (name: string): StateArray => {
    const array = arrays[`best.${name}`]
    if (!array) throw new Error(`resume state lacks best.${name}`)
    return array
  }
  return {
    epoch: loop.epoch,
    curve: loop.curve,
    elapsedMs: loop.elapsedMs,
    stopper: {
      bestScore: loop.stopper.bestScore ?? Infinity,
      bestAt: loop.stopper.bestAt,
      sinceBest: loop.stopper.sinceBest,
      snapshot: loop.stopper.snapshot === null ? undefined : loadSnapshot(loop.stopper.snapshot, get),
    },
  }
}

/** A named array of the state, checked for its type. */
export function stateArray<A extends StateArray>(state: FitResumeState, name: string, type: { new (n: number): A; name: string }): A {
  const array = state.arrays[name]
  if (!(array instanceof type)) throw new Error(`resume state lacks ${name} (${type.name})`)
  return array as A
}
