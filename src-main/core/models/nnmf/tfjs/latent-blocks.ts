/**
 * Moving latent rows between the full JS tables and the small per-batch blocks the tfjs graph
 * works on. A block row is [A_i | B_i], e.g. [U_n | U'_n].
 */
export function packBlock(unique: Int32Array, a: Float32Array, aWidth: number, b: Float32Array, bWidth: number): Float32Array {
  const width = aWidth + bWidth
  const out = new Float32Array(unique.length * width)
  unique.forEach((index, slot) => {
    out.set(a.subarray(index * aWidth, (index + 1) * aWidth), slot * width)
    out.set(b.subarray(index * bWidth, (index + 1) * bWidth), slot * width + aWidth)
  })
  return out
}

/** Writes block rows back into the tables; `block` may be a view into a larger download. */
export function unpackBlock(unique: Int32Array, block: Float32Array, a: Float32Array, aWidth: number, b: Float32Array, bWidth: number): void {
  const width = aWidth + bWidth
  unique.forEach((index, slot) => {
    a.set(block.subarray(slot * width, slot * width + aWidth), index * aWidth)
    b.set(block.subarray(slot * width + aWidth, (slot + 1) * width), index * bWidth)
  })
}

/** Adds block rows into the tables (for scattering block gradients into full-size zero arrays). */
export function addBlock(unique: Int32Array, block: Float32Array, a: Float32Array, aWidth: number, b: Float32Array, bWidth: number): void {
  const width = aWidth + bWidth
  unique.forEach((index, slot) => {
    for (let i = 0; i < aWidth; i++) a[index * aWidth + i]! += block[slot * width + i]!
    for (let i = 0; i < bWidth; i++) b[index * bWidth + i]! += block[slot * width + aWidth + i]!
  })
}
