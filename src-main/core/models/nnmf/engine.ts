/**
 * The contract every NNMF compute engine implements (tfjs on any backend, and the team's own CPU
 * fast path). The training loop (alternation, batching, early stopping, λ search) is written once
 * against this interface, so every engine computes the same function with the same update rule.
 *
 * The function (Dziugaite & Roy 2015): for row n and column m,
 *   x = [U_n (d), V_m (d), h (d')]  with  h_j = Σ_k Up[n, j, k] · Vp[m, j, k]
 *   a_0 = x;  a_l = sigmoid(a_{l-1} · W_l + b_l) for each hidden layer;  f = a_L · W_out + b_out  (linear, 1 unit)
 * For failure (0/1) matrices f is a logit.
 *
 * Data loss of a batch:  squared: Σ_i (f_i − y_i)²      logistic: Σ_i softplus(f_i) − y_i·f_i
 *
 * Latent penalty (ℓ2, latents only, never the network): applied lazily to the rows and columns a
 * batch touches, each occurrence of entry (n, m) adding
 *   2λ·U_n / rowCount[n]  to ∂U_n,   2λ·V_m / colCount[m]  to ∂V_m   (same for Up_n, Vp_m),
 * where rowCount/colCount are the training observations per row/column. Over one epoch this adds
 * exactly the gradient of λ·(‖U‖² + ‖V‖² + ‖U'‖² + ‖V'‖²).
 *
 * Update rule (RMSProp, identical in every engine), for each parameter p with gradient g:
 *   s ← ρ·s + (1 − ρ)·g²;   p ← p − lr · g / (√s + ε)      ρ = 0.9, ε = 1e-8
 * Latent rows and columns not touched by the batch are left alone (their s does not decay).
 * A row or column that occurs several times in one batch gets one update with the summed gradient.
 */
import type { LossKind } from '../../fitting/targets.js'

// The loss is the target space's (fitting/targets.ts), shared with every model.
export type { LossKind }

export interface NnmfArchitecture {
  /** Latent size of U_n and V_m. Paper default 10. */
  d: number
  /** Size of the element-wise product features h. Paper default 60. */
  dPrime: number
  /** Number of products summed per feature. Paper default 1. */
  k: number
  /** Hidden layer widths, sigmoid units. Paper default [50, 50, 50]. */
  hidden: number[]
}

/**
 * All parameters, row-major Float32Array.
 * Up[n, j, kk] is at (n·dPrime + j)·k + kk; likewise Vp.
 * weights[l] is fanIn × fanOut (the layer computes a·W), biases[l] has fanOut values;
 * layer 0 has fanIn 2d + dPrime; the last layer has fanOut 1.
 */
export interface NnmfParams {
  U: Float32Array
  V: Float32Array
  Up: Float32Array
  Vp: Float32Array
  weights: Float32Array[]
  biases: Float32Array[]
}

export interface Batch {
  rows: Int32Array
  cols: Int32Array
  targets: Float32Array
}

export interface LossAndGradients {
  /** Data loss of the batch (no penalty). */
  loss: number
  /** Gradient of the data loss only, same layout as the parameters (zero where untouched). */
  grads: NnmfParams
}

export type ParameterGroup = 'network' | 'latents'

export interface StepOptions {
  learningRate: number
  lambda: number
}

export interface NnmfEngineSetup {
  nRows: number
  nCols: number
  architecture: NnmfArchitecture
  loss: LossKind
  /** Training observations per row and column, for the lazy penalty. */
  rowCounts: Int32Array
  colCounts: Int32Array
}

export interface NnmfEngine {
  /** Shown to the user and stored with the model, e.g. "tfjs-wasm" or "fastcpu (2 threads)". */
  readonly name: string
  setParams(params: NnmfParams): void
  /** A copy of the current parameters. */
  getParams(): NnmfParams
  /** Resets the RMSProp state (for example after restoring the best weights). */
  resetOptimizer(): void
  /** A copy of the RMSProp running averages s, laid out as the parameters (to resume a fit exactly). */
  getOptimizerState(): NnmfParams
  /** Sets the RMSProp running averages (from getOptimizerState of an engine of the same setup). */
  setOptimizerState(state: NnmfParams): void
  predict(rows: Int32Array, cols: Int32Array): Promise<Float32Array>
  lossAndGradients(batch: Batch): Promise<LossAndGradients>
  /** One RMSProp step on the batch for one parameter group; returns the batch's data loss. */
  step(batch: Batch, group: ParameterGroup, options: StepOptions): Promise<number>
  dispose(): void
}

export type NnmfEngineFactory = (setup: NnmfEngineSetup) => Promise<NnmfEngine>

export const PAPER_ARCHITECTURE: NnmfArchitecture = { d: 10, dPrime: 60, k: 1, hidden: [50, 50, 50] }

export const RMSPROP_RHO = 0.9
export const RMSPROP_EPSILON = 1e-8
