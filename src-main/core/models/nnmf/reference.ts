/**
 * Plain scalar reference of the NNMF engine contract (engine.ts): Float64 loops, one entry at a
 * time, written to be obviously right rather than fast. Every engine's tests compare against it.
 */
import {
  RMSPROP_EPSILON,
  RMSPROP_RHO,
  type Batch,
  type LossAndGradients,
  type NnmfEngineSetup,
  type NnmfParams,
  type ParameterGroup,
  type StepOptions,
} from './engine.js'
import { layerShapes, zeroParams } from './init.js'

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))
/** log(1 + e^z) without overflow. */
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)))

interface Forward {
  /** activations[0] is the input x, activations[l] the output of layer l (last: [f]). */
  activations: Float64Array[]
}

function forwardOne(setup: NnmfEngineSetup, p: NnmfParams, n: number, m: number): Forward {
  const { d, dPrime, k } = setup.architecture
  const x = new Float64Array(2 * d + dPrime)
  for (let i = 0; i < d; i++) {
    x[i] = p.U[n * d + i]!
    x[d + i] = p.V[m * d + i]!
  }
  for (let j = 0; j < dPrime; j++) {
    let h = 0
    for (let kk = 0; kk < k; kk++) h += p.Up[(n * dPrime + j) * k + kk]! * p.Vp[(m * dPrime + j) * k + kk]!
    x[2 * d + j] = h
  }
  const shapes = layerShapes(setup.architecture)
  const activations = [x]
  let a = x
  shapes.forEach(([fanIn, fanOut], l) => {
    const W = p.weights[l]!
    const b = p.biases[l]!
    const out = new Float64Array(fanOut)
    for (let o = 0; o < fanOut; o++) {
      let z = b[o]!
      for (let i = 0; i < fanIn; i++) z += a[i]! * W[i * fanOut + o]!
      out[o] = l < shapes.length - 1 ? sigmoid(z) : z
    }
    activations.push(out)
    a = out
  })
  return { activations }
}

export function referencePredict(setup: NnmfEngineSetup, params: NnmfParams, rows: Int32Array, cols: Int32Array): Float32Array {
  const out = new Float32Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const acts = forwardOne(setup, params, rows[i]!, cols[i]!).activations
    out[i] = acts[acts.length - 1]![0]!
  }
  return out
}

/** Data loss of the batch and its gradient (no penalty), as the contract defines them. */
export function referenceLossAndGradients(setup: NnmfEngineSetup, params: NnmfParams, batch: Batch): LossAndGradients {
  const { d, dPrime, k } = setup.architecture
  const shapes = layerShapes(setup.architecture)
  const L = shapes.length
  // Accumulate in Float64, copy to the Float32 layout at the end.
  const g = {
    U: new Float64Array(params.U.length),
    V: new Float64Array(params.V.length),
    Up: new Float64Array(params.Up.length),
    Vp: new Float64Array(params.Vp.length),
    weights: shapes.map(([i, o]) => new Float64Array(i * o)),
    biases: shapes.map(([, o]) => new Float64Array(o)),
  }
  let loss = 0
  for (let e = 0; e < batch.rows.length; e++) {
    const n = batch.rows[e]!
    const m = batch.cols[e]!
    const y = batch.targets[e]!
    const { activations } = forwardOne(setup, params, n, m)
    const f = activations[L]![0]!
    let dF: number
    if (setup.loss === 'squared') {
      loss += (f - y) * (f - y)
      dF = 2 * (f - y)
    } else {
      loss += softplus(f) - y * f
      dF = sigmoid(f) - y
    }
    // Backward through the layers; delta is ∂loss/∂(pre-activation) of layer l.
    let delta = new Float64Array([dF])
    for (let l = L - 1; l >= 0; l--) {
      const [fanIn, fanOut] = shapes[l]!
      const aPrev = activations[l]!
      const W = params.weights[l]!
      const gW = g.weights[l]!
      const gb = g.biases[l]!
      const dPrev = new Float64Array(fanIn)
      for (let o = 0; o < fanOut; o++) {
        gb[o]! += delta[o]!
        for (let i = 0; i < fanIn; i++) {
          gW[i * fanOut + o]! += aPrev[i]! * delta[o]!
          dPrev[i]! += W[i * fanOut + o]! * delta[o]!
        }
      }
      if (l > 0) {
        // aPrev is a sigmoid output: σ' = a(1 − a).
        for (let i = 0; i < fanIn; i++) dPrev[i] = dPrev[i]! * aPrev[i]! * (1 - aPrev[i]!)
      }
      delta = dPrev
    }
    // delta is now ∂loss/∂x.
    for (let i = 0; i < d; i++) {
      g.U[n * d + i]! += delta[i]!
      g.V[m * d + i]! += delta[d + i]!
    }
    for (let j = 0; j < dPrime; j++) {
      const dh = delta[2 * d + j]!
      for (let kk = 0; kk < k; kk++) {
        const iu = (n * dPrime + j) * k + kk
        const iv = (m * dPrime + j) * k + kk
        g.Up[iu]! += dh * params.Vp[iv]!
        g.Vp[iv]! += dh * params.Up[iu]!
      }
    }
  }
  return {
    loss,
    grads: {
      U: Float32Array.from(g.U),
      V: Float32Array.from(g.V),
      Up: Float32Array.from(g.Up),
      Vp: Float32Array.from(g.Vp),
      weights: g.weights.map((w) => Float32Array.from(w)),
      biases: g.biases.map((b) => Float32Array.from(b)),
    },
  }
}

/** RMSProp on the coordinates [start, end) of one array. */
function rmsprop(p: Float32Array, s: Float32Array, grad: ArrayLike<number>, start: number, end: number, lr: number): void {
  for (let i = start; i < end; i++) {
    const gi = grad[i]!
    const si = RMSPROP_RHO * s[i]! + (1 - RMSPROP_RHO) * gi * gi
    s[i] = si
    p[i] = p[i]! - (lr * gi) / (Math.sqrt(si) + RMSPROP_EPSILON)
  }
}

/**
 * One step of the contract's update rule, in place on `params` and the RMSProp state `state`
 * (same layout as the parameters, start at zero). Returns the batch's data loss.
 */
export function referenceStep(
  setup: NnmfEngineSetup,
  params: NnmfParams,
  state: NnmfParams,
  batch: Batch,
  group: ParameterGroup,
  options: StepOptions,
): number {
  const { loss, grads } = referenceLossAndGradients(setup, params, batch)
  const lr = options.learningRate
  if (group === 'network') {
    params.weights.forEach((w, l) => {
      rmsprop(w, state.weights[l]!, grads.weights[l]!, 0, w.length, lr)
      rmsprop(params.biases[l]!, state.biases[l]!, grads.biases[l]!, 0, params.biases[l]!.length, lr)
    })
    return loss
  }
  const { d, dPrime, k } = setup.architecture
  const dk = dPrime * k
  // Lazy penalty: every occurrence adds 2λ·p/count to the touched row or column (values before the step).
  const gU = Float64Array.from(grads.U)
  const gV = Float64Array.from(grads.V)
  const gUp = Float64Array.from(grads.Up)
  const gVp = Float64Array.from(grads.Vp)
  const touchedRows = new Set<number>()
  const touchedCols = new Set<number>()
  for (let e = 0; e < batch.rows.length; e++) {
    const n = batch.rows[e]!
    const m = batch.cols[e]!
    touchedRows.add(n)
    touchedCols.add(m)
    const cr = (2 * options.lambda) / setup.rowCounts[n]!
    const cc = (2 * options.lambda) / setup.colCounts[m]!
    for (let i = 0; i < d; i++) {
      gU[n * d + i]! += cr * params.U[n * d + i]!
      gV[m * d + i]! += cc * params.V[m * d + i]!
    }
    for (let i = 0; i < dk; i++) {
      gUp[n * dk + i]! += cr * params.Up[n * dk + i]!
      gVp[m * dk + i]! += cc * params.Vp[m * dk + i]!
    }
  }
  // Only touched rows/columns move; one update each with the summed gradient.
  for (const n of touchedRows) {
    rmsprop(params.U, state.U, gU, n * d, (n + 1) * d, lr)
    rmsprop(params.Up, state.Up, gUp, n * dk, (n + 1) * dk, lr)
  }
  for (const m of touchedCols) {
    rmsprop(params.V, state.V, gV, m * d, (m + 1) * d, lr)
    rmsprop(params.Vp, state.Vp, gVp, m * dk, (m + 1) * dk, lr)
  }
  return loss
}

/** Zero RMSProp state for the reference step. */
export const referenceOptimizerState = zeroParams
