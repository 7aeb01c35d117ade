import type { LabelIndex } from './entry-buffer.js'

/**
 * Looks labels up by their UTF-8 bytes, so a key column costs no string per record: a string is
 * made only the first time a label's bytes are seen here. Indices come from the wrapped
 * LabelIndex, which the text path may also feed (a label added there is found on the first miss
 * here), so both paths agree on every index. Equal valid UTF-8 bytes are equal strings, which
 * makes the byte comparison exact.
 */
export class ByteLabelIndex {
  /** Open addressing: slot → label index + 1 (0 = empty). */
  private slots = new Int32Array(1024)
  private slotHashes = new Int32Array(1024)
  /** Bytes of the labels known here, by label index, in one arena. */
  private arena = new Uint8Array(1 << 16)
  private arenaUsed = 0
  private keyStart = new Int32Array(256)
  private keyEnd = new Int32Array(256)
  private known = 0
  private lastIndex = -1

  constructor(private readonly labels: LabelIndex) {}

  indexOf(bytes: Buffer, start: number, end: number): number {
    // Consecutive records often share their row key.
    if (this.lastIndex >= 0 && this.equals(this.lastIndex, bytes, start, end)) return this.lastIndex
    let hash = 0x811c9dc5
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193)
    const mask = this.slots.length - 1
    let slot = hash & mask
    for (;;) {
      const entry = this.slots[slot]!
      if (entry === 0) break
      if (this.slotHashes[slot] === hash && this.equals(entry - 1, bytes, start, end)) {
        this.lastIndex = entry - 1
        return entry - 1
      }
      slot = (slot + 1) & mask
    }
    const index = this.labels.indexOf(bytes.toString('utf8', start, end))
    this.remember(index, bytes, start, end, hash, slot)
    this.lastIndex = index
    return index
  }

  /** Only called for indices remembered here. */
  private equals(index: number, bytes: Uint8Array, start: number, end: number): boolean {
    const s = this.keyStart[index]!
    const length = this.keyEnd[index]! - s
    if (length !== end - start) return false
    for (let k = 0; k < length; k++) if (this.arena[s + k] !== bytes[start + k]) return false
    return true
  }

  private remember(index: number, bytes: Uint8Array, start: number, end: number, hash: number, slot: number): void {
    const length = end - start
    if (this.arenaUsed + length > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length))
      grown.set(this.arena.subarray(0, this.arenaUsed))
      this.arena = grown
    }
    this.arena.set(bytes.subarray(start, end), this.arenaUsed)
    while (index >= this.keyStart.length) {
      const n = this.keyStart.length * 2
      const starts = new Int32Array(n)
      const ends = new Int32Array(n)
      starts.set(this.keyStart)
      ends.set(this.keyEnd)
      this.keyStart = starts
      this.keyEnd = ends
    }
    this.keyStart[index] = this.arenaUsed
    this.keyEnd[index] = this.arenaUsed + length
    this.arenaUsed += length
    this.slots[slot] = index + 1
    this.slotHashes[slot] = hash
    if (++this.known * 2 > this.slots.length) this.rehash()
  }

  private rehash(): void {
    const old = this.slots
    const oldHashes = this.slotHashes
    this.slots = new Int32Array(old.length * 2)
    this.slotHashes = new Int32Array(old.length * 2)
    const mask = this.slots.length - 1
    for (let s = 0; s < old.length; s++) {
      const entry = old[s]!
      if (entry === 0) continue
      let slot = oldHashes[s]! & mask
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask
      this.slots[slot] = entry
      this.slotHashes[slot] = oldHashes[s]!
    }
  }
}
