/**
 * Where the WebGPU engine keeps things (all offsets in 4-byte words):
 * - the parameter buffer P holds U, V, U', V' and then every layer's W and b, in that order; the
 *   RMSProp state and the gradient read-back buffer use the same layout;
 * - the scratch buffer S holds per-entry features, entry-major (S[entry · features + feature]), so
 *   threads working on consecutive outputs (or weights, or latent coordinates) touch consecutive
 *   words: the activations, the pre-activation gradients of every layer (dx for layer 0), and each
 *   entry's U′ and V′ gradient terms (dh ⊙ V′_m and dh ⊙ U′_n, taken before any latent moves);
 * - the plan buffer lists, for a latent step, the batch's distinct rows and columns (in order of
 *   first occurrence) with their entries in batch order (CSR), so each row or column is updated
 *   once with its summed gradient, in a fixed order.
 */
import type { NnmfEngineSetup, NnmfParams } from '../engine.js'
import { layerShapes } from '../init.js'

export interface ParamLayout {
  U: number
  V: number
  Up: number
  Vp: number
  /** Offsets of each layer's weights and biases. */
  W: number[]
  b: number[]
  /** Where the network starts, and how many words it has. */
  net: number
  netSize: number
  total: number
}

export interface ScratchLayout {
  /** First feature of the input of layer l (l = 0 is x), for l < layers. */
  act: number[]
  /** First feature of ∂loss/∂(pre-activation of layer l's output), delta[l + 1]; delta[0] is ∂loss/∂x. */
  delta: number[]
  /** Per-entry U′ and V′ gradient terms (d′·k each). */
  cUp: number
  cVp: number
  /** Features per entry in all. */
  features: number
}

export function paramLayout(setup: NnmfEngineSetup): ParamLayout {
  const { d, dPrime, k } = setup.architecture
  let at = 0
  const take = (n: number): number => {
    const o = at
    at += n
    return o
  }
  const U = take(setup.nRows * d)
  const V = take(setup.nCols * d)
  const Up = take(setup.nRows * dPrime * k)
  const Vp = take(setup.nCols * dPrime * k)
  const net = at
  const W: number[] = []
  const b: number[] = []
  for (const [i, o] of layerShapes(setup.architecture)) {
    W.push(take(i * o))
    b.push(take(o))
  }
  return { U, V, Up, Vp, W, b, net, netSize: at - net, total: at }
}

export function scratchLayout(setup: NnmfEngineSetup): ScratchLayout {
  const shapes = layerShapes(setup.architecture)
  const widths = [shapes[0]![0], ...shapes.map(([, o]) => o)]
  const dk = setup.architecture.dPrime * setup.architecture.k
  let at = 0
  const act = shapes.map(([i]) => {
    const o = at
    at += i
    return o
  })
  const delta = widths.map((w) => {
    const o = at
    at += w
    return o
  })
  const cUp = at
  const cVp = at + dk
  return { act, delta, cUp, cVp, features: at + 2 * dk }
}

export function packParams(layout: ParamLayout, p: NnmfParams, what = 'parameters'): Float32Array {
  const out = new Float32Array(layout.total)
  const put = (src: Float32Array, at: number, size: number, name: string): void => {
    if (src.length !== size) throw new Error(`webgpu: ${what}: ${name} has ${src.length} values, expected ${size}`)
    out.set(src, at)
  }
  put(p.U, layout.U, layout.V - layout.U, 'U')
  put(p.V, layout.V, layout.Up - layout.V, 'V')
  put(p.Up, layout.Up, layout.Vp - layout.Up, 'Up')
  put(p.Vp, layout.Vp, layout.net - layout.Vp, 'Vp')
  if (p.weights.length !== layout.W.length || p.biases.length !== layout.b.length) {
    throw new Error(`webgpu: ${what}: expected ${layout.W.length} layers`)
  }
  layout.W.forEach((at, l) => put(p.weights[l]!, at, layout.b[l]! - at, `weights[${l}]`))
  layout.b.forEach((at, l) => put(p.biases[l]!, at, (layout.W[l + 1] ?? layout.total) - at, `biases[${l}]`))
  return out
}

export function unpackParams(layout: ParamLayout, words: Float32Array): NnmfParams {
  const cut = (from: number, to: number): Float32Array => words.slice(from, to)
  return {
    U: cut(layout.U, layout.V),
    V: cut(layout.V, layout.Up),
    Up: cut(layout.Up, layout.Vp),
    Vp: cut(layout.Vp, layout.net),
    weights: layout.W.map((at, l) => cut(at, layout.b[l]!)),
    biases: layout.b.map((at, l) => cut(at, layout.W[l + 1] ?? layout.total)),
  }
}

/**
 * The plan buffer for a batch of `n` entries with capacity `cap` (offsets in the WGSL follow this):
 *   [0, cap)               distinct rows          [cap, 2cap + 1)         their starts in the list
 *   [2cap + 1, 3cap + 1)   entries by row         then the same three parts for the columns.
 */
export const planWords = (cap: number): number => 6 * cap + 2

export class BatchPlanner {
  private readonly rowSlot: Int32Array
  private readonly colSlot: Int32Array

  constructor(nRows: number, nCols: number) {
    this.rowSlot = new Int32Array(nRows).fill(-1)
    this.colSlot = new Int32Array(nCols).fill(-1)
  }

  /** Fills `plan` (capacity `cap`) for the batch; returns the numbers of distinct rows and columns. */
  plan(rows: Int32Array, cols: Int32Array, cap: number, plan: Int32Array): { nRowU: number; nColU: number } {
    const nRowU = group(rows, this.rowSlot, cap, plan, 0)
    const nColU = group(cols, this.colSlot, cap, plan, 3 * cap + 1)
    return { nRowU, nColU }
  }
}

/** Counting sort of entry indices by key, keys numbered in order of first occurrence. */
function group(keys: Int32Array, slot: Int32Array, cap: number, plan: Int32Array, base: number): number {
  const n = keys.length
  const uniq = base
  const start = base + cap
  const list = base + 2 * cap + 1
  let nu = 0
  for (let i = 0; i < n; i++) {
    const key = keys[i]!
    if (slot[key]! < 0) {
      slot[key] = nu
      plan[uniq + nu] = key
      plan[start + nu + 1] = 0
      nu++
    }
    plan[start + slot[key]! + 1]!++
  }
  plan[start] = 0
  for (let u = 0; u < nu; u++) plan[start + u + 1]! += plan[start + u]!
  // Place entries (in batch order within each key), using the starts as cursors, then restore them.
  for (let i = 0; i < n; i++) plan[list + plan[start + slot[keys[i]!]!]!++] = i
  for (let u = nu; u > 0; u--) plan[start + u] = plan[start + u - 1]!
  plan[start] = 0
  for (let i = 0; i < n; i++) slot[keys[i]!] = -1
  return nu
}
