// No imports: the renderer reaches this through contract/format.ts.

/** A chosen setting as people read it: "d 10, λ 1" (whichever apply), joined by `separator`. */
export function settingText(h: { d: number | null; lambda: number | null }, separator = ', '): string {
  return [h.d !== null ? `d ${h.d}` : null, h.lambda !== null ? `λ ${h.lambda}` : null].filter(Boolean).join(separator)
}
