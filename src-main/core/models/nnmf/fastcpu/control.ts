/** Slots of the Int32 control block shared by the engine and its sub-workers. */
import { MAX_THREADS } from './layout.js'

export const CONTROL = {
  /** Bumped by the engine to start a round; workers sleep on it. */
  GEN: 0,
  /** What to run: a kernels.c mode (0 predict, 1 network, 2 latents, 3 both), or −1 to exit. */
  MODE: 1,
  /** [begin, end) of the batch for each thread. */
  RANGES: 2,
  /** Each worker stores the round number here when its slice is done. */
  DONE: 2 + 2 * MAX_THREADS,
  SIZE: 2 + 3 * MAX_THREADS,
} as const
