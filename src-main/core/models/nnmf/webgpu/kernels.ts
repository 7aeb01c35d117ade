/**
 * The engine's WGSL compute kernels, generated per architecture so every size and offset is a
 * constant the shader compiler can unroll and fold. Three kernels, 64 threads per workgroup:
 *
 * - `entries`: one thread per batch entry. Gathers x = [U_n, V_m, Σ_k U′⊙V′], runs the network
 *   forward (sigmoid hidden layers, linear output f), and when training the backward pass: the
 *   pre-activation gradient of every layer (for the network step) and ∂loss/∂x with each entry's
 *   U′ and V′ gradient terms (for the latent step), all into the scratch buffer.
 * - `network`: one thread per network weight or bias. Sums its gradient over the batch's entries in
 *   entry order (in blocks of 64, for accuracy) and applies RMSProp, or writes the gradient out.
 * - `latents`: one thread per coordinate of each distinct row and column in the batch. Sums that
 *   coordinate's gradient over the row's (column's) entries in batch order, adds the lazy penalty
 *   2λ·occurrences·p/count and applies RMSProp once, or writes the data gradient out. Rows and
 *   columns move in the same dispatch: the V′ and U′ terms they need were taken by `entries` first.
 *
 * A network step is `entries` + `network`, a latent step `entries` + `latents`: two dispatches,
 * one submit, and a read-back of the batch's outputs f for the loss.
 * Sums run in a fixed order, so results are reproducible on one device.
 */
import type { NnmfEngineSetup } from '../engine.js'
import { RMSPROP_EPSILON, RMSPROP_RHO } from '../engine.js'
import { layerShapes } from '../init.js'
import type { ParamLayout, ScratchLayout } from './layout.js'

export const WORKGROUP = 64

/** Bit flags of the `entries` kernel's mode. */
export const ENTRY_MODE = { predict: 0, network: 1, latents: 2, both: 3 } as const
/** Mode of the `network` and `latents` kernels. */
export const UPDATE_MODE = { gradient: 0, rmsprop: 1 } as const

/**
 * The uniform block every kernel reads (16 words, written once per run):
 * batch size, capacity (the scratch stride), entry mode, update mode, distinct rows, distinct
 * columns, learning rate, λ.
 */
export const UNIFORM_WORDS = 16
const UNIFORM_WGSL = `
struct Run { n: u32, cap: u32, entryMode: u32, updateMode: u32, nRowU: u32, nColU: u32, lr: f32, lambda: f32 }`

const u = (x: number): string => `${x}u`
const f = (x: number): string => {
  const s = String(x)
  return /[.e]/.test(s) ? s : `${s}.0`
}

/** Linear thread index over a 2D grid of workgroups (x is capped by the device's per-dimension limit). */
const LINEAR_ID = `let t = gid.x + gid.y * nwg.x * ${WORKGROUP}u;`
const ENTRY_POINT = `@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u)`

const SIGMOID = `
fn sigmoid(z: f32) -> f32 {
  // Clamped so exp stays finite on every implementation (σ is 0 or 1 in f32 beyond this anyway).
  return 1.0 / (1.0 + exp(-clamp(z, -87.0, 88.0)));
}`

const RMSPROP = `
fn rmsprop(i: u32, g: f32) {
  let s = ${f(RMSPROP_RHO)} * St[i] + ${f(1 - RMSPROP_RHO)} * g * g;
  St[i] = s;
  P[i] = P[i] - u_.lr * g / (sqrt(s) + ${RMSPROP_EPSILON.toExponential()});
}`

export function entriesKernel(setup: NnmfEngineSetup, p: ParamLayout, s: ScratchLayout): string {
  const { d, dPrime, k } = setup.architecture
  const shapes = layerShapes(setup.architecture)
  const L = shapes.length
  const forward = shapes
    .map(([I, O], l) => {
      const last = l === L - 1
      return `
  // layer ${l}: ${I} → ${O}
  for (var o = 0u; o < ${u(O)}; o++) {
    var z = P[${u(p.b[l]!)} + o];
    for (var i = 0u; i < ${u(I)}; i++) { z += S[(${u(s.act[l]!)} + i) * cap + e] * P[${u(p.W[l]!)} + i * ${u(O)} + o]; }
    ${last ? 'io[cap + e] = z;' : `S[(${u(s.act[l + 1]!)} + o) * cap + e] = sigmoid(z);`}
  }`
    })
    .join('')
  const backward = shapes
    .map((_, l) => l)
    .reverse()
    .map((l) => {
      const [I, O] = shapes[l]!
      const body = `
  for (var i = 0u; i < ${u(I)}; i++) {
    var g = 0.0;
    for (var o = 0u; o < ${u(O)}; o++) { g += P[${u(p.W[l]!)} + i * ${u(O)} + o] * S[(${u(s.delta[l + 1]!)} + o) * cap + e]; }
    ${l > 0 ? `let a = S[(${u(s.act[l]!)} + i) * cap + e];\n    g *= a * (1.0 - a);` : ''}
    S[(${u(s.delta[l]!)} + i) * cap + e] = g;
  }`
      // Layer 0's input gradient is ∂loss/∂x, needed only by the latent step.
      return l > 0 ? `\n  // back through layer ${l}${body}` : `\n  if ((u_.entryMode & 2u) != 0u) {${body}\n  }`
    })
    .join('')
  const dF = setup.loss === 'squared' ? '2.0 * (f - y)' : 'sigmoid(f) - y'
  return `${UNIFORM_WGSL}
@group(0) @binding(0) var<storage, read> P: array<f32>;
@group(0) @binding(1) var<storage, read> batch: array<i32>;
@group(0) @binding(2) var<storage, read_write> io: array<f32>;
@group(0) @binding(3) var<storage, read_write> S: array<f32>;
@group(0) @binding(4) var<uniform> u_: Run;
${SIGMOID}

${ENTRY_POINT} {
  ${LINEAR_ID}
  if (t >= u_.n) { return; }
  let e = t;
  let cap = u_.cap;
  let n = u32(batch[e]);
  let m = u32(batch[cap + e]);
  for (var j = 0u; j < ${u(d)}; j++) {
    S[j * cap + e] = P[${u(p.U)} + n * ${u(d)} + j];
    S[(${u(d)} + j) * cap + e] = P[${u(p.V)} + m * ${u(d)} + j];
  }
  for (var j = 0u; j < ${u(dPrime)}; j++) {
    var h = 0.0;
    for (var kk = 0u; kk < ${u(k)}; kk++) {
      h += P[${u(p.Up)} + (n * ${u(dPrime)} + j) * ${u(k)} + kk] * P[${u(p.Vp)} + (m * ${u(dPrime)} + j) * ${u(k)} + kk];
    }
    S[(${u(2 * d)} + j) * cap + e] = h;
  }
  ${forward}
  if (u_.entryMode == 0u) { return; }
  let f = io[cap + e];
  let y = io[e];
  S[${u(s.delta[L]!)} * cap + e] = ${dF};
  ${backward}
  if ((u_.entryMode & 2u) != 0u) {
    for (var j = 0u; j < ${u(dPrime)}; j++) {
      let dh = S[(${u(s.delta[0]! + 2 * d)} + j) * cap + e];
      for (var kk = 0u; kk < ${u(k)}; kk++) {
        let c = j * ${u(k)} + kk;
        S[(${u(s.cUp)} + c) * cap + e] = dh * P[${u(p.Vp)} + m * ${u(dPrime * k)} + c];
        S[(${u(s.cVp)} + c) * cap + e] = dh * P[${u(p.Up)} + n * ${u(dPrime * k)} + c];
      }
    }
  }
}
`
}

export function networkKernel(setup: NnmfEngineSetup, p: ParamLayout, s: ScratchLayout): string {
  const shapes = layerShapes(setup.architecture)
  // Thread t is the network parameter at P[net + t]: find its layer, and the two features it pairs.
  const cases = shapes
    .map(([I, O], l) => {
      const w = p.W[l]! - p.net
      const b = p.b[l]! - p.net
      return `
  ${l > 0 ? 'else ' : ''}if (t < ${u(b)}) { let q = t - ${u(w)}; a = ${u(s.act[l]!)} + q / ${u(O)}; dl = ${u(s.delta[l + 1]!)} + q % ${u(O)}; }
  else if (t < ${u(b + O)}) { dl = ${u(s.delta[l + 1]!)} + t - ${u(b)}; }`
    })
    .join('')
  return `${UNIFORM_WGSL}
@group(0) @binding(0) var<storage, read_write> P: array<f32>;
@group(0) @binding(1) var<storage, read_write> St: array<f32>;
@group(0) @binding(2) var<storage, read> S: array<f32>;
@group(0) @binding(3) var<storage, read_write> G: array<f32>;
@group(0) @binding(4) var<uniform> u_: Run;
${RMSPROP}

${ENTRY_POINT} {
  ${LINEAR_ID}
  if (t >= ${u(p.netSize)}) { return; }
  let cap = u_.cap;
  // a: the input feature (none for a bias); dl: the output's pre-activation gradient feature.
  var a = 0xffffffffu;
  var dl = 0u;
  ${cases}
  var g = 0.0;
  for (var e0 = 0u; e0 < u_.n; e0 += 64u) {
    let e1 = min(e0 + 64u, u_.n);
    var part = 0.0;
    if (a == 0xffffffffu) {
      for (var e = e0; e < e1; e++) { part += S[dl * cap + e]; }
    } else {
      for (var e = e0; e < e1; e++) { part += S[a * cap + e] * S[dl * cap + e]; }
    }
    g += part;
  }
  let i = ${u(p.net)} + t;
  if (u_.updateMode == 1u) { rmsprop(i, g); } else { G[i] = g; }
}
`
}

export function latentsKernel(setup: NnmfEngineSetup, p: ParamLayout, s: ScratchLayout): string {
  const { d, dPrime, k } = setup.architecture
  const dk = dPrime * k
  const per = d + dk
  return `${UNIFORM_WGSL}
@group(0) @binding(0) var<storage, read_write> P: array<f32>;
@group(0) @binding(1) var<storage, read_write> St: array<f32>;
@group(0) @binding(2) var<storage, read> S: array<f32>;
@group(0) @binding(3) var<storage, read_write> G: array<f32>;
@group(0) @binding(4) var<storage, read> plan: array<i32>;
@group(0) @binding(5) var<storage, read> invCount: array<f32>;
@group(0) @binding(6) var<uniform> u_: Run;
${RMSPROP}

${ENTRY_POINT} {
  ${LINEAR_ID}
  let slot0 = t / ${u(per)};
  let j = t % ${u(per)};
  if (slot0 >= u_.nRowU + u_.nColU) { return; }
  let cap = u_.cap;
  let isRow = slot0 < u_.nRowU;
  // Plan parts (layout.ts): distinct keys, their starts, entries; rows first, then columns.
  let base = select(3u * cap + 1u, 0u, isRow);
  let slot = select(slot0 - u_.nRowU, slot0, isRow);
  let key = u32(plan[base + slot]);
  let first = u32(plan[base + cap + slot]);
  let last = u32(plan[base + cap + slot + 1u]);
  var feature: u32;
  var i: u32;
  if (j < ${u(d)}) {
    feature = ${u(s.delta[0]!)} + select(${u(d)}, 0u, isRow) + j;
    i = select(${u(p.V)}, ${u(p.U)}, isRow) + key * ${u(d)} + j;
  } else {
    feature = select(${u(s.cVp)}, ${u(s.cUp)}, isRow) + j - ${u(d)};
    i = select(${u(p.Vp)}, ${u(p.Up)}, isRow) + key * ${u(dk)} + j - ${u(d)};
  }
  var g = 0.0;
  for (var q = first; q < last; q++) { g += S[feature * cap + u32(plan[base + 2u * cap + 1u + q])]; }
  if (u_.updateMode == 1u) {
    // The lazy penalty: 2λ·p/count for each occurrence in this batch, values before the step.
    let inv = invCount[select(${u(setup.nRows)} + key, key, isRow)];
    rmsprop(i, g + 2.0 * u_.lambda * f32(last - first) * inv * P[i]);
  } else {
    G[i] = g;
  }
}
`
}
