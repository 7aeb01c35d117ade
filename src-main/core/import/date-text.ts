/**
 * Dates and date-times written as text, as plants export them: ISO 8601 ("2024-01-05",
 * "2024-01-05T08:00:00Z", "2024-01-05 08:00") and the Japanese spreadsheet forms ("2024/01/05",
 * "2024/1/5 8:00", "2024年1月5日 8:00:00"). Strict: a number alone ("20240105") is not a date, and
 * an impossible day ("2024-02-30") is rejected rather than rolled over into March.
 */

/** ISO: date, optional time (hour may be one digit), optional fraction and zone. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/
/** Slashes or 年月日, then an optional time after a space (年月日 may run straight into it). */
const SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/
const KANJI = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * Milliseconds since the epoch of a date or date-time written as text, or undefined when the text
 * is not one. Without a zone the time is read as UTC, so a file gives the same times on every machine.
 */
export function readDateText(raw: string): number | undefined {
  const text = raw.trim()
  const iso = ISO.exec(text)
  if (iso) {
    const ms = fromParts(iso.slice(1, 7), iso[7])
    return ms === undefined ? undefined : ms - zoneOffsetMs(iso[8])
  }
  const local = SLASH.exec(text) ?? KANJI.exec(text)
  return local ? fromParts(local.slice(1, 7)) : undefined
}

/** UTC milliseconds of [year, month, day, hour?, minute?, second?] when each part is in range. */
function fromParts(parts: (string | undefined)[], fraction?: string): number | undefined {
  const [y, mo, d, h = 0, mi = 0, s = 0] = parts.map((p) => (p === undefined ? undefined : Number(p)))
  if (h > 23 || mi > 59 || s > 59) return undefined
  const ms = Date.UTC(y!, mo! - 1, d!, h, mi, s) + (fraction ? Math.round(Number(fraction) * 1000) : 0)
  // Date.UTC rolls 30 February over into March: the day must survive the round trip.
  const date = new Date(ms)
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d ? ms : undefined
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
}
