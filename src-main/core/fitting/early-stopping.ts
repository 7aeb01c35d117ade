/**
 * Early stopping on a validation score (lower is better): stop after `patience` epochs without an
 * improvement of more than `minDelta`, and keep a snapshot of the best epoch's parameters so the
 * caller can restore them.
 */
export class EarlyStopping<T> {
  private bestScore = Infinity
  private bestSnapshot: T | undefined
  private bestAt = -1
  private sinceBest = 0

  constructor(
    readonly patience: number,
    readonly minDelta = 0,
  ) {}

  /** Records one epoch's score; `snapshot` is called only when the score improves. Returns true when training should stop. */
  update(epoch: number, score: number, snapshot: () => T): boolean {
    if (score < this.bestScore - this.minDelta) {
      this.bestScore = score
      this.bestSnapshot = snapshot()
      this.bestAt = epoch
      this.sinceBest = 0
      return false
    }
    this.sinceBest++
    return this.sinceBest >= this.patience
  }

  get best(): { epoch: number; score: number; snapshot: T } | undefined {
    return this.bestSnapshot === undefined ? undefined : { epoch: this.bestAt, score: this.bestScore, snapshot: this.bestSnapshot }
  }

  /** Epochs since the last improvement (for learning-rate decay on plateaus). */
  get epochsSinceBest(): number {
    return this.sinceBest
  }

  /** Everything it knows, to carry on after a pause (a resumed training run). */
  save(): EarlyStoppingState<T> {
    return { bestScore: this.bestScore, bestAt: this.bestAt, sinceBest: this.sinceBest, snapshot: this.bestSnapshot }
  }

  restore(state: EarlyStoppingState<T>): void {
    this.bestScore = state.bestScore
    this.bestAt = state.bestAt
    this.sinceBest = state.sinceBest
    this.bestSnapshot = state.snapshot
  }
}

export interface EarlyStoppingState<T> {
  /** Infinity until a first score. */
  bestScore: number
  bestAt: number
  sinceBest: number
  snapshot: T | undefined
}
