/**
 * The distinct rows (or columns) a batch touches and, per entry, which distinct slot it uses.
 * The engine differentiates with respect to the small table of distinct rows only, so untouched
 * rows are never updated and a duplicated row gets one summed gradient.
 */
export interface CompactIndices {
  /** Distinct indices in order of first appearance (deterministic). */
  unique: Int32Array
  /** inverse[i] is the slot of entry i in `unique`. */
  inverse: Int32Array
  /** How many entries use each slot. */
  occurrences: Int32Array
}

export class IndexCompactor {
  /** slotOf[index] = slot + 1 while compacting, 0 otherwise; reset after each call. */
  private readonly slotOf: Int32Array

  constructor(size: number) {
    this.slotOf = new Int32Array(size)
  }

  compact(indices: Int32Array): CompactIndices {
    const n = indices.length
    const inverse = new Int32Array(n)
    const uniqueScratch = new Int32Array(n)
    const occScratch = new Int32Array(n)
    let count = 0
    for (let i = 0; i < n; i++) {
      const index = indices[i]!
      if (index < 0 || index >= this.slotOf.length) throw new RangeError(`index ${index} outside 0..${this.slotOf.length - 1}`)
      let slot = this.slotOf[index]! - 1
      if (slot < 0) {
        slot = count++
        this.slotOf[index] = slot + 1
        uniqueScratch[slot] = index
      }
      inverse[i] = slot
      occScratch[slot]!++
    }
    const unique = uniqueScratch.slice(0, count)
    for (const index of unique) this.slotOf[index] = 0
    return { unique, inverse, occurrences: occScratch.slice(0, count) }
  }
}
