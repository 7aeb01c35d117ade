/**
 * Parameter allocation and seeded initialisation for NNMF, shared by every engine and the trainer.
 *
 * Initialisation (documented choice):
 * - Latents U, V, U', V': truncated normal, mean 0, std 0.1, cut at ±2 std (resampled), as the
 *   PyTorch reference (../shared/peers/torch_nnmf.py) and the paper's TensorFlow code do.
 * - Network: PyTorch `nn.Linear` default, W and b uniform in ±1/√fanIn, so our runs start from the
 *   same distribution as the Python reference a user would compare us to.
 */
import type { Rng } from '../../random.js'
import type { NnmfArchitecture, NnmfEngineSetup, NnmfParams } from './engine.js'

export const LATENT_INIT_STD = 0.1

/** [fanIn, fanOut] of each layer: hidden layers, then the linear output of width 1. */
export function layerShapes(architecture: NnmfArchitecture): Array<[number, number]> {
  const shapes: Array<[number, number]> = []
  let width = 2 * architecture.d + architecture.dPrime
  for (const h of architecture.hidden) {
    shapes.push([width, h])
    width = h
  }
  shapes.push([width, 1])
  return shapes
}

type Shape = Pick<NnmfEngineSetup, 'nRows' | 'nCols' | 'architecture'>

/** All-zero parameters of the right sizes (also the shape of RMSProp state and gradients). */
export function zeroParams(setup: Shape): NnmfParams {
  const { d, dPrime, k } = setup.architecture
  const shapes = layerShapes(setup.architecture)
  return {
    U: new Float32Array(setup.nRows * d),
    V: new Float32Array(setup.nCols * d),
    Up: new Float32Array(setup.nRows * dPrime * k),
    Vp: new Float32Array(setup.nCols * dPrime * k),
    weights: shapes.map(([i, o]) => new Float32Array(i * o)),
    biases: shapes.map(([, o]) => new Float32Array(o)),
  }
}

export function cloneParams(p: NnmfParams): NnmfParams {
  return {
    U: p.U.slice(),
    V: p.V.slice(),
    Up: p.Up.slice(),
    Vp: p.Vp.slice(),
    weights: p.weights.map((w) => w.slice()),
    biases: p.biases.map((b) => b.slice()),
  }
}

/** Every parameter array in a fixed order (U, V, Up, Vp, W0, b0, W1, b1, …), for generic loops. */
export function paramArrays(p: NnmfParams): Float32Array[] {
  const out = [p.U, p.V, p.Up, p.Vp]
  p.weights.forEach((w, l) => out.push(w, p.biases[l]!))
  return out
}

function truncatedNormal(rng: Rng, std: number): number {
  for (;;) {
    const z = rng.normal()
    if (z > -2 && z < 2) return z * std
  }
}

export function initParams(setup: Shape, rng: Rng): NnmfParams {
  const p = zeroParams(setup)
  for (const a of [p.U, p.V, p.Up, p.Vp]) {
    for (let i = 0; i < a.length; i++) a[i] = truncatedNormal(rng, LATENT_INIT_STD)
  }
  layerShapes(setup.architecture).forEach(([fanIn], l) => {
    const bound = 1 / Math.sqrt(fanIn)
    for (const a of [p.weights[l]!, p.biases[l]!]) {
      for (let i = 0; i < a.length; i++) a[i] = (2 * rng.next() - 1) * bound
    }
  })
  return p
}
