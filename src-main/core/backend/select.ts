/**
 * Run-time choice of the tfjs backend: best available first, overridable by the user, and the
 * outcome (with every failed attempt) reported so the app and CLI can show it.
 *
 * Safe to call repeatedly and concurrently: calls are queued, and a repeat of the current choice
 * returns it without switching. Each worker thread has its own tfjs instance, so calling this in
 * a worker selects that worker's backend.
 */
import * as tf from '@tensorflow/tfjs-core'
import { CANDIDATES, type Candidate } from './candidates.js'
import type { BackendAttempt, BackendInfo, BackendOptions, BackendPreference, BackendSelection } from './types.js'

let current: { key: string; selection: BackendSelection } | null = null
let queue: Promise<unknown> = Promise.resolve()

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/** The preferred backend first, then the ones below it in the default order. */
function order(preference: BackendPreference): Candidate[] {
  if (preference === 'auto') return CANDIDATES
  const i = CANDIDATES.findIndex((c) => c.name === preference)
  if (i < 0) throw new Error(`unknown backend "${preference}"`)
  return CANDIDATES.slice(i)
}

async function trySwitch(candidate: Candidate, options: BackendOptions): Promise<void> {
  await candidate.load(options)
  // setBackend logs and returns false when initialisation fails; turn that into an error.
  if (!(await tf.setBackend(candidate.tfjsName))) {
    throw new Error(`tfjs could not initialise the ${candidate.tfjsName} backend`)
  }
  await tf.ready()
}

async function select(preference: BackendPreference, options: BackendOptions): Promise<BackendSelection> {
  const key = `${preference}|${options.wasmDir ?? ''}`
  if (current?.key === key && tf.engine().backendName === current.selection.tfjsBackend) return current.selection
  const tried: BackendAttempt[] = []
  for (const candidate of order(preference)) {
    try {
      await trySwitch(candidate, options)
      tried.push({ name: candidate.name, ok: true })
      const selection: BackendSelection = {
        name: candidate.name,
        tfjsBackend: candidate.tfjsName,
        label: await candidate.label(),
        tried,
      }
      current = { key, selection }
      return selection
    } catch (err) {
      tried.push({ name: candidate.name, ok: false, error: message(err) })
    }
  }
  throw new Error(`no tfjs backend could start: ${tried.map((t) => `${t.name}: ${t.error}`).join('; ')}`)
}

export function selectBackend(preference: BackendPreference = 'auto', options: BackendOptions = {}): Promise<BackendSelection> {
  const run = queue.then(() => select(preference, options))
  queue = run.catch(() => undefined)
  return run
}

/** The current selection, or null before selectBackend has succeeded. */
export function currentBackend(): BackendSelection | null {
  return current && tf.engine().backendName === current.selection.tfjsBackend ? current.selection : null
}

/**
 * What could run here, without switching the active backend. Loading a module registers its
 * backend but does not initialise it, so "available" means "loads"; wasm also needs its binaries.
 */
export async function describeBackends(options: BackendOptions = {}): Promise<BackendInfo[]> {
  const active = currentBackend()
  const out: BackendInfo[] = []
  for (const candidate of CANDIDATES) {
    const isActive = active?.name === candidate.name
    try {
      await candidate.load(options)
      out.push({ name: candidate.name, label: isActive ? active.label : await staticLabel(candidate), available: true, active: isActive })
    } catch (err) {
      out.push({ name: candidate.name, label: await staticLabel(candidate), available: false, active: false, error: message(err) })
    }
  }
  return out
}

/** A label without touching an uninitialised backend's flags. */
async function staticLabel(candidate: Candidate): Promise<string> {
  return candidate.name === 'wasm' ? 'WebAssembly (CPU)' : candidate.label()
}
