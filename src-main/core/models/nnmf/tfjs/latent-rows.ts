/**
 * The latent side of the NNMF function in plain typed-array loops: building the network input
 * x = [U_n, V_m, h] for a batch, and sending ∂loss/∂x back to the latent tables. Both are a few
 * multiply-adds per entry; doing them in JS keeps the tfjs graph to the matrix products.
 */
import type { NnmfArchitecture, NnmfParams } from '../engine.js'

type Latents = Pick<NnmfParams, 'U' | 'V' | 'Up' | 'Vp'>

export function buildInput(arch: NnmfArchitecture, p: Latents, rows: Int32Array, cols: Int32Array): Float32Array {
  const { d, dPrime, k } = arch
  const width = 2 * d + dPrime
  const x = new Float32Array(rows.length * width)
  for (let e = 0; e < rows.length; e++) {
    const n = rows[e]!
    const m = cols[e]!
    const o = e * width
    // Plain loops: subarray views per entry cost more (allocation, GC) than the copies.
    for (let i = 0; i < d; i++) {
      x[o + i] = p.U[n * d + i]!
      x[o + d + i] = p.V[m * d + i]!
    }
    const un = n * dPrime * k
    const vm = m * dPrime * k
    if (k === 1) {
      for (let j = 0; j < dPrime; j++) x[o + 2 * d + j] = p.Up[un + j]! * p.Vp[vm + j]!
    } else {
      for (let j = 0; j < dPrime; j++) {
        let h = 0
        for (let kk = 0; kk < k; kk++) h += p.Up[un + j * k + kk]! * p.Vp[vm + j * k + kk]!
        x[o + 2 * d + j] = h
      }
    }
  }
  return x
}

/**
 * Adds each entry's latent gradient into `grads` (full-size tables): ∂U_n += ∂x[0:d],
 * ∂V_m += ∂x[d:2d], ∂U'_njk += ∂h_j·V'_mjk, ∂V'_mjk += ∂h_j·U'_njk. Duplicates sum.
 */
export function accumulateLatentGradient(arch: NnmfArchitecture, p: Latents, rows: Int32Array, cols: Int32Array, dx: Float32Array, grads: Latents): void {
  const { d, dPrime, k } = arch
  const width = 2 * d + dPrime
  for (let e = 0; e < rows.length; e++) {
    const n = rows[e]!
    const m = cols[e]!
    const o = e * width
    for (let i = 0; i < d; i++) {
      grads.U[n * d + i]! += dx[o + i]!
      grads.V[m * d + i]! += dx[o + d + i]!
    }
    const un = n * dPrime * k
    const vm = m * dPrime * k
    for (let j = 0; j < dPrime; j++) {
      const dh = dx[o + 2 * d + j]!
      for (let kk = 0; kk < k; kk++) {
        grads.Up[un + j * k + kk]! += dh * p.Vp[vm + j * k + kk]!
        grads.Vp[vm + j * k + kk]! += dh * p.Up[un + j * k + kk]!
      }
    }
  }
}

/**
 * The contract's latent update for the rows one table's batch touched: lazy penalty 2λ·occurrences/count
 * per row, then RMSProp on the summed gradient; `grads` is read and zeroed on those rows only.
 */
export function updateTouchedRows(
  touched: { unique: Int32Array; occurrences: Int32Array },
  counts: Int32Array,
  tables: Array<{ params: Float32Array; state: Float32Array; grads: Float32Array; width: number }>,
  lambda: number,
  learningRate: number,
  rho: number,
  epsilon: number,
): void {
  touched.unique.forEach((index, slot) => {
    const penalty = (2 * lambda * touched.occurrences[slot]!) / counts[index]!
    for (const { params, state, grads, width } of tables) {
      for (let i = index * width; i < (index + 1) * width; i++) {
        const g = grads[i]! + penalty * params[i]!
        const s = rho * state[i]! + (1 - rho) * g * g
        state[i] = s
        params[i] = params[i]! - (learningRate * g) / (Math.sqrt(s) + epsilon)
        grads[i] = 0
      }
    }
  })
}
