/**
 * How numbers are printed everywhere a person reads them (the app, the HTML/PDF report, the CLI's
 * text output): four significant digits. One function, so the same stored value reads the same.
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  if (value === 0) return '0'
  return Number(value.toPrecision(4)).toString()
}
