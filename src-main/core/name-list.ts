/**
 * A long list of names (constant columns, unknown columns) cut to what a sentence can carry: the
 * first few, and how many more there are. Each front words "and N more" in its own language.
 */
export const NAMES_SHOWN = 8

/** `total`: how many names there are in all (the list itself may already be capped by the core). */
export function shortList(names: readonly string[], total: number = names.length, shown: number = NAMES_SHOWN): { names: string[]; more: number } {
  const kept = names.slice(0, shown)
  return { names: kept, more: Math.max(0, total - kept.length) }
}
