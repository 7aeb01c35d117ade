/**
 * How the report prints numbers, in one place so the report, its tests and anything quoting it
 * agree. Metrics: 4 significant digits (toPrecision(4)), plain decimals between 1e-4 and 1e6,
 * exponent form outside; counts: whole numbers with thousands separators; missing values: "—".
 */
export const MISSING = '—'

export function formatMetric(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING
  if (x === 0) return '0'
  const a = Math.abs(x)
  if (a >= 1e-4 && a < 1e6) {
    const text = x.toPrecision(4)
    // toPrecision switches to exponent form at ≥ 1e4 with 4 digits ("1.235e+4"); print those whole.
    return text.includes('e') ? Math.round(x).toString() : text
  }
  return x.toExponential(3)
}

export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** A share (0.0123) as a percentage with 3 significant digits ("1.23%"). */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return MISSING
  if (share === 0) return '0%'
  const pct = share * 100
  return `${Math.abs(pct) >= 1000 ? Math.round(pct).toString() : pct.toPrecision(3)}%`
}

/** A share as an axis tick, as the report's interval chart prints it: "−8%", "2.5%", never "-8.00%". */
export function formatPercentTick(share: number): string {
  const pct = Number((share * 100).toPrecision(4))
  return `${pct < 0 ? '−' : ''}${String(Math.abs(pct))}%`
}

/** A signed share for differences ("−5.71%", "+0.800%"), with the minus sign the report uses. */
export function formatSignedPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return MISSING
  return `${share < 0 ? '−' : share > 0 ? '+' : ''}${formatPercent(Math.abs(share))}`
}

/** How many orders of magnitude apart (the data check's mixed units): one decimal, as the wizard and the report both print it. */
export function formatOrders(orders: number): string {
  return orders.toFixed(1)
}

/** A p-value: 3 significant digits, "< 0.001" below that. */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return MISSING
  return p < 0.001 ? '< 0.001' : String(Number(p.toPrecision(3)))
}

/** Seconds as "42.0 s", "3 min 12 s" or "1 h 05 min" (units are the same in both languages). */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return MISSING
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const s = Math.round(seconds)
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
