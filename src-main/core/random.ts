/**
 * Seeded pseudo-random numbers for everything the core draws (splits, initialisation, batch order),
 * so a run is reproducible from its seed. mulberry32: tiny, fast, good enough for ML shuffling.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer uniform in [0, n). */
  int(n: number): number
  /** Standard normal (Box–Muller). */
  normal(): number
  /** The generator's whole state, to continue the same sequence later (a resumed training run). */
  save(): RngState
  restore(state: RngState): void
}

export interface RngState {
  state: number
  /** The second Box–Muller value not yet handed out, if any. */
  spare: number | null
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0
  let spare: number | undefined
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== undefined) {
        const s = spare
        spare = undefined
        return s
      }
      // 1 − next() is in (0, 1], so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - next()))
      const theta = 2 * Math.PI * next()
      spare = r * Math.sin(theta)
      return r * Math.cos(theta)
    },
    save: () => ({ state, spare: spare ?? null }),
    restore: (saved) => {
      state = saved.state >>> 0
      spare = saved.spare ?? undefined
    },
  }
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(array: T, rng: Rng): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const tmp = array[i]
    array[i] = array[j]
    array[j] = tmp
  }
  return array
}
