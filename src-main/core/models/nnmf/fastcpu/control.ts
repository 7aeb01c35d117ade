/** Slots of the Int32 control block shared by the engine and its sub-workers. */
import { MAX_THREADS } from './layout.js'

export const CONTROL = {
  /** Bumped by the engine to start a round; workers sleep on it. */
  GEN: 0,
  /** What to run: a kernels.c `run` mode (0 predict, 1 network, 2 latents, 3 both),
   * LATENT_PHASE, or −1 to exit. */
  MODE: 1,
  /** Arguments of the latent phase: batch size, update (0 scatter / 1 update), and lr, λ as Float32 bits. */
  ARG_BATCH: 2 + 3 * MAX_THREADS,
  ARG_UPDATE: 3 + 3 * MAX_THREADS,
  ARG_LR: 4 + 3 * MAX_THREADS,
  ARG_LAMBDA: 5 + 3 * MAX_THREADS,
  /** [begin, end) of the batch for each thread. */
  RANGES: 2,
  /** Each worker stores the round number here when its slice is done. */
  DONE: 2 + 2 * MAX_THREADS,
  SIZE: 6 + 3 * MAX_THREADS,
} as const

export const LATENT_PHASE = 4
