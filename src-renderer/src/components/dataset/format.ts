/** Number formats of the dataset browser, in the UI language. */

/** A share as a percentage with one decimal ("66.7%"); Intl puts the sign where each language wants it. */
export function formatPercent(fraction: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(fraction)
}

/** A measured value: up to 5 significant digits, so 0.000123 and 12345.6 both read well. */
export function formatValue(value: number | null, locale: string): string {
  if (value === null) return '–'
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 5 }).format(value)
}

/**
 * Labels "lo – hi" for consecutive histogram bins, with as many significant digits as it takes for
 * every bin edge to read differently (a narrow column never shows "21.6 – 21.6"); at least 5, as the other values.
 */
export function rangeLabels(bins: ReadonlyArray<{ lo: number; hi: number }>, locale: string): string[] {
  const edges = [...new Set(bins.flatMap((bin) => [bin.lo, bin.hi]))]
  let digits = 5
  for (; digits < 17; digits++) {
    const format = new Intl.NumberFormat(locale, { maximumSignificantDigits: digits })
    if (new Set(edges.map((edge) => format.format(edge))).size === edges.length) break
  }
  const format = new Intl.NumberFormat(locale, { maximumSignificantDigits: digits })
  return bins.map((bin) => (bin.lo === bin.hi ? format.format(bin.lo) : `${format.format(bin.lo)} – ${format.format(bin.hi)}`))
}

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value)
}

/** File sizes in 1024 steps; returns the message key and the number to put in it. */
export function byteSize(bytes: number, locale: string): { key: 'b' | 'kb' | 'mb' | 'gb'; n: string } {
  const units = ['b', 'kb', 'mb', 'gb'] as const
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)
  return { key: units[unit]!, n }
}

/** The ten coverage bin labels: "0–10%", …, "90–100%". */
export function coverageBinLabels(bins: number): string[] {
  return Array.from({ length: bins }, (_, i) => `${Math.round((100 * i) / bins)}–${Math.round((100 * (i + 1)) / bins)}%`)
}
