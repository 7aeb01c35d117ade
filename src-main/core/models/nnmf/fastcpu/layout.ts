/**
 * Where everything lives in the engine's shared WebAssembly memory, and the Model / Thread
 * descriptors kernels.c reads. The field lists mirror the C structs in order (4-byte fields only).
 */
import type { NnmfEngineSetup } from '../engine.js'
import { KERNELS_TILE } from './kernels-wasm.js'
import type { WasmMemory } from './wasm-api.js'
import { layerShapes } from '../init.js'

/** Entries per tile: fixed when the kernels are built. */
export const TILE = KERNELS_TILE
/** Must match kernels.c. */
export const MAX_LAYERS = 8
export const MAX_THREADS = 64

type FieldList = ReadonlyArray<readonly [string, number]>

function fieldIndex(fields: FieldList): { index: Record<string, number>; size: number } {
  const index: Record<string, number> = {}
  let at = 0
  for (const [name, count] of fields) {
    index[name] = at
    at += count
  }
  return { index, size: at }
}

const L = MAX_LAYERS
const THREAD = fieldIndex([
  ['act', L + 1],
  ['delta', L + 1],
  ['gWp', L],
  ['gbp', L],
  ['tid', 1],
  ['rowList', 1],
  ['colList', 1],
  ['nRowList', 1],
  ['nColList', 1],
])
const MODEL = fieldIndex([
  ['d', 1],
  ['dP', 1],
  ['k', 1],
  ['nLayers', 1],
  ['width', L + 1],
  ['lossKind', 1],
  ['nRows', 1],
  ['nCols', 1],
  ['U', 1],
  ['V', 1],
  ['Up', 1],
  ['Vp', 1],
  ['sU', 1],
  ['sV', 1],
  ['sUp', 1],
  ['sVp', 1],
  ['gU', 1],
  ['gV', 1],
  ['gUp', 1],
  ['gVp', 1],
  ['W', L],
  ['b', L],
  ['sW', L],
  ['sb', L],
  ['gW', L],
  ['gb', L],
  ['invRowCount', 1],
  ['invColCount', 1],
  ['rowOcc', 1],
  ['colOcc', 1],
  ['rows', 1],
  ['cols', 1],
  ['targets', 1],
  ['out', 1],
  ['dX', 1],
  ['nThreads', 1],
  ['thread', MAX_THREADS],
])

/** A Float32 (or Int32) array in the memory: byte offset and element count. */
export interface Region {
  ptr: number
  length: number
}

export interface StaticLayout {
  model: number
  threads: number[]
  U: Region
  V: Region
  Up: Region
  Vp: Region
  sU: Region
  sV: Region
  sUp: Region
  sVp: Region
  gU: Region
  gV: Region
  gUp: Region
  gVp: Region
  W: Region[]
  b: Region[]
  sW: Region[]
  sb: Region[]
  gW: Region[]
  gb: Region[]
  invRowCount: Region
  invColCount: Region
  /** Per thread: tile buffers and network gradient partials (byte offsets, one per layer), and the
   * lists of the batch's rows / columns the thread owns in the latent phase (Int32). */
  threadRegions: Array<{ act: number[]; delta: number[]; gWp: number[]; gbp: number[]; rowList: number; colList: number }>
  /** Occurrences per row / column in the current batch (Int32). */
  occ: { rowOcc: Region; colOcc: Region }
  /** First free byte after the fixed part; batch buffers go from here. */
  end: number
}

export interface BatchLayout {
  capacity: number
  withDx: boolean
  rows: Region
  cols: Region
  targets: Region
  out: Region
  dX: Region
  end: number
}

const BASE = 65536 // the module owns no memory, but keep page 0 free so a null pointer faults loudly in review

class Bump {
  constructor(public at: number) {}
  take(length: number, bytesPer = 4): Region {
    const ptr = this.at
    this.at = (this.at + length * bytesPer + 15) & ~15
    return { ptr, length }
  }
}

export function widthsOf(setup: NnmfEngineSetup): number[] {
  const shapes = layerShapes(setup.architecture)
  return [shapes[0]![0], ...shapes.map(([, o]) => o)]
}

export function planStatic(setup: NnmfEngineSetup, nThreads: number): StaticLayout {
  const { d, dPrime, k } = setup.architecture
  const shapes = layerShapes(setup.architecture)
  const widths = widthsOf(setup)
  const m = new Bump(BASE)
  const model = m.take(MODEL.size).ptr
  const threads = Array.from({ length: nThreads }, () => m.take(THREAD.size).ptr)
  const latents = () => ({
    U: m.take(setup.nRows * d),
    V: m.take(setup.nCols * d),
    Up: m.take(setup.nRows * dPrime * k),
    Vp: m.take(setup.nCols * dPrime * k),
  })
  const p = latents()
  const s = latents()
  const g = latents()
  const net = () => ({ W: shapes.map(([i, o]) => m.take(i * o)), b: shapes.map(([, o]) => m.take(o)) })
  const pn = net()
  const sn = net()
  const gn = net()
  const invRowCount = m.take(setup.nRows)
  const invColCount = m.take(setup.nCols)
  const threadRegions = threads.map(() => ({
    act: widths.map((w) => m.take(w * TILE).ptr),
    delta: widths.map((w) => m.take(w * TILE).ptr),
    gWp: shapes.map(([i, o]) => m.take(4 * i * o).ptr),
    gbp: shapes.map(([, o]) => m.take(4 * o).ptr),
    rowList: m.take(setup.nRows).ptr,
    colList: m.take(setup.nCols).ptr,
  }))
  const occ = { rowOcc: m.take(setup.nRows), colOcc: m.take(setup.nCols) }
  return {
    model,
    threads,
    ...p,
    sU: s.U,
    sV: s.V,
    sUp: s.Up,
    sVp: s.Vp,
    gU: g.U,
    gV: g.V,
    gUp: g.Up,
    gVp: g.Vp,
    W: pn.W,
    b: pn.b,
    sW: sn.W,
    sb: sn.b,
    gW: gn.W,
    gb: gn.b,
    invRowCount,
    invColCount,
    threadRegions,
    occ,
    end: m.at,
  }
}

/** Writes the Model and Thread descriptors for the fixed part. */
export function writeStaticDescriptors(memory: WasmMemory, setup: NnmfEngineSetup, layout: StaticLayout): void {
  const i32 = new Int32Array(memory.buffer)
  const at = layout.model / 4
  const set = (name: string, value: number, offset = 0): void => {
    i32[at + MODEL.index[name]! + offset] = value
  }
  const widths = widthsOf(setup)
  if (widths.length - 1 > MAX_LAYERS) throw new Error(`fastcpu supports at most ${MAX_LAYERS - 1} hidden layers`)
  set('d', setup.architecture.d)
  set('dP', setup.architecture.dPrime)
  set('k', setup.architecture.k)
  set('nLayers', widths.length - 1)
  widths.forEach((w, l) => set('width', w, l))
  set('lossKind', setup.loss === 'squared' ? 0 : 1)
  set('nRows', setup.nRows)
  set('nCols', setup.nCols)
  for (const name of ['U', 'V', 'Up', 'Vp', 'sU', 'sV', 'sUp', 'sVp', 'gU', 'gV', 'gUp', 'gVp', 'invRowCount', 'invColCount'] as const) {
    set(name, layout[name].ptr)
  }
  for (const name of ['W', 'b', 'sW', 'sb', 'gW', 'gb'] as const) layout[name].forEach((r, l) => set(name, r.ptr, l))
  for (const [name, r] of Object.entries(layout.occ)) set(name, r.ptr)
  set('nThreads', layout.threads.length)
  layout.threads.forEach((ptr, t) => {
    set('thread', ptr, t)
    const regions = layout.threadRegions[t]!
    const field = (name: string, value: number): void => {
      i32[ptr / 4 + THREAD.index[name]!] = value
    }
    field('tid', t)
    field('rowList', regions.rowList)
    field('colList', regions.colList)
    field('nRowList', 0)
    field('nColList', 0)
    for (const name of ['act', 'delta', 'gWp', 'gbp'] as const) {
      regions[name].forEach((p, l) => {
        i32[ptr / 4 + THREAD.index[name]! + l] = p
      })
    }
  })
}

export function planBatch(layout: StaticLayout, capacity: number, withDx: boolean, width0: number): BatchLayout {
  const m = new Bump(layout.end)
  const rows = m.take(capacity)
  const cols = m.take(capacity)
  const targets = m.take(capacity)
  const out = m.take(capacity)
  const dX = m.take(withDx ? capacity * width0 : 0)
  return { capacity, withDx, rows, cols, targets, out, dX, end: m.at }
}

export function writeBatchDescriptors(memory: WasmMemory, layout: StaticLayout, batch: BatchLayout): void {
  const i32 = new Int32Array(memory.buffer)
  const at = layout.model / 4
  for (const name of ['rows', 'cols', 'targets', 'out', 'dX'] as const) i32[at + MODEL.index[name]!] = batch[name].ptr
}
