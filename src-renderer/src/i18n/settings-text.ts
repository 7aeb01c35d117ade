/** A model's chosen settings as the Models page prints them: "d 10 · λ 1" (whichever apply). */
export function settingsText(h: { d: number | null; lambda: number | null }): string {
  return [h.d !== null ? `d ${h.d}` : null, h.lambda !== null ? `λ ${h.lambda}` : null].filter(Boolean).join(' · ')
}
