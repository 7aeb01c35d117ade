/**
 * The engine's WGSL compute kernels, generated per architecture so every size and offset is a
 * constant the shader compiler can unroll and fold. Three kernels, 64 threads per workgroup:
 *
 * - `entries`: one workgroup per tile of 16 consecutive batch entries, whose threads share out each
 *   layer's outputs, with a storage barrier between layers. Gathers x = [U_n, V_m, Σ_k U′⊙V′],
 *   runs the network forward (sigmoid hidden layers, linear output f), and when training the
 *   backward pass: the pre-activation gradient of every layer (for the network step) and ∂loss/∂x
 *   with each entry's U′ and V′ gradient terms (for the latent step), into the scratch buffer.
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
 * batch size, capacity (where the second halves of the batch and io buffers, and the plan's parts,
 * start), entry mode, update mode, distinct rows, distinct columns, learning rate, λ.
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
  // Clamped so exp stays finite on every implementation (the clamp moves σ by less than 1e-37).
  return 1.0 / (1.0 + exp(-clamp(z, -87.0, 88.0)));
}`

const RMSPROP = `
fn rmsprop(i: u32, g: f32) {
  let s = ${f(RMSPROP_RHO)} * St[i] + ${f(1 - RMSPROP_RHO)} * g * g;
  St[i] = s;
  P[i] = P[i] - u_.lr * g / (sqrt(s) + ${RMSPROP_EPSILON.toExponential()});
}`

/**
 * Entries per workgroup of the `entries` kernel. Its threads split each layer's outputs for these
 * entries (16 × 50 for the paper's network), so a batch of 2048 keeps 128 workgroups busy with
 * short loops instead of 2048 threads each running the whole network.
 */
export const ENTRY_TILE = 16

export function entriesKernel(setup: NnmfEngineSetup, p: ParamLayout, s: ScratchLayout): string {
  const { d, dPrime, k } = setup.architecture
  const dk = dPrime * k
  const shapes = layerShapes(setup.architecture)
  const L = shapes.length
  const w0 = shapes[0]![0]
  const TE = ENTRY_TILE
  // Activations and gradients go through the scratch buffer (L1/L2-resident on a GPU), entry-major
  // so that threads on consecutive outputs write consecutive words, with a
  // storage barrier between layers. Workgroup arrays would save that traffic, but SwiftShader (the
  // CI's device) takes ten times longer to compile loops that read them.
  const at = (feature: string): string => `S[(e0 + e) * ${u(s.features)} + ${feature}]`
  const forward = shapes
    .map(([I, O], l) => {
      const last = l === L - 1
      return `
  // layer ${l}: ${I} → ${O}; consecutive threads take consecutive outputs (coalesced weight reads).
  for (var q = lid; q < ${u(O * TE)}; q += ${u(WORKGROUP)}) {
    let o = q % ${u(O)};
    let e = q / ${u(O)};
    if (e < nE) {
      var z = P[${u(p.b[l]!)} + o];
      for (var i = 0u; i < ${u(I)}; i++) { z += ${at(`${u(s.act[l]!)} + i`)} * P[${u(p.W[l]!)} + i * ${u(O)} + o]; }
      ${last ? 'io[cap + e0 + e] = z;' : `${at(`${u(s.act[l + 1]!)} + o`)} = sigmoid(z);`}
    }
  }
  storageBarrier();`
    })
    .join('')
  const backward = shapes
    .map((_, l) => l)
    .reverse()
    .map((l) => {
      const [I, O] = shapes[l]!
      const body = `
  for (var q = lid; q < ${u(I * TE)}; q += ${u(WORKGROUP)}) {
    let i = q % ${u(I)};
    let e = q / ${u(I)};
    if (e < nE) {
      var g = 0.0;
      for (var o = 0u; o < ${u(O)}; o++) { g += P[${u(p.W[l]!)} + i * ${u(O)} + o] * ${at(`${u(s.delta[l + 1]!)} + o`)}; }
      ${l > 0 ? `let a = ${at(`${u(s.act[l]!)} + i`)};\n      g *= a * (1.0 - a);` : ''}
      ${at(`${u(s.delta[l]!)} + i`)} = g;
    }
  }
  storageBarrier();`
      // Layer 0's input gradient (∂loss/∂x) is needed only by the latent step.
      return l > 0 ? `\n  // back through layer ${l}${body}` : `\n  if (lat) {${body}\n  }`
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

const TE = ${u(TE)};

// One workgroup per ${TE} consecutive entries; its threads share out every layer's work.
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let e0 = (wid.x + wid.y * nwg.x) * TE;
  if (e0 >= u_.n) { return; }
  let cap = u_.cap;
  let nE = min(TE, u_.n - e0);
  let lat = (u_.entryMode & 2u) != 0u;
  // x = [U_n, V_m, h] with h_j = Σ_k U′[n, j, k] · V′[m, j, k].
  for (var q = lid; q < ${u(w0 * TE)}; q += ${u(WORKGROUP)}) {
    let j = q % ${u(w0)};
    let e = q / ${u(w0)};
    if (e < nE) {
      let n = u32(batch[e0 + e]);
      let m = u32(batch[cap + e0 + e]);
      var x = 0.0;
      if (j < ${u(d)}) {
        x = P[${u(p.U)} + n * ${u(d)} + j];
      } else if (j < ${u(2 * d)}) {
        x = P[${u(p.V)} + m * ${u(d)} + j - ${u(d)}];
      } else {
        let c = (j - ${u(2 * d)}) * ${u(k)};
        for (var kk = 0u; kk < ${u(k)}; kk++) { x += P[${u(p.Up)} + n * ${u(dk)} + c + kk] * P[${u(p.Vp)} + m * ${u(dk)} + c + kk]; }
      }
      ${at('j')} = x;
    }
  }
  storageBarrier();
  ${forward}
  if (u_.entryMode == 0u) { return; }
  if (lid < nE) {
    let e = lid;
    let f = io[cap + e0 + e];
    let y = io[e0 + e];
    ${at(u(s.delta[L]!))} = ${dF};
  }
  storageBarrier();
  ${backward}
  if (lat) {
    // Each entry's U′ and V′ gradient terms, dh ⊙ V′_m and dh ⊙ U′_n, before any latent moves.
    for (var q = lid; q < ${u(dk * TE)}; q += ${u(WORKGROUP)}) {
      let c = q % ${u(dk)};
      let e = q / ${u(dk)};
      if (e < nE) {
        let n = u32(batch[e0 + e]);
        let m = u32(batch[cap + e0 + e]);
        let dh = ${at(`${u(s.delta[0]! + 2 * d)} + c / ${u(k)}`)};
        ${at(`${u(s.cUp)} + c`)} = dh * P[${u(p.Vp)} + m * ${u(dk)} + c];
        ${at(`${u(s.cVp)} + c`)} = dh * P[${u(p.Up)} + n * ${u(dk)} + c];
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
    .map(([, O], l) => {
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
  // a: the input feature (none for a bias); dl: the output's pre-activation gradient feature.
  var a = 0xffffffffu;
  var dl = 0u;
  ${cases}
  var g = 0.0;
  for (var e0 = 0u; e0 < u_.n; e0 += 64u) {
    let e1 = min(e0 + 64u, u_.n);
    var part = 0.0;
    if (a == 0xffffffffu) {
      for (var e = e0; e < e1; e++) { part += S[e * ${u(s.features)} + dl]; }
    } else {
      for (var e = e0; e < e1; e++) { part += S[e * ${u(s.features)} + a] * S[e * ${u(s.features)} + dl]; }
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
  for (var q = first; q < last; q++) { g += S[u32(plan[base + 2u * cap + 1u + q]) * ${u(s.features)} + feature]; }
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
