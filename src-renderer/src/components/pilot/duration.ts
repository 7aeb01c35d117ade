/**
 * A measured duration in the page's language: "42.5 s" / "42.5 秒", "2 min 07 s" / "2 分 07 秒",
 * "1 h 05 min" / "1 時間 05 分". The report words its own (report/format.ts); the units are the
 * messages', so a Japanese page never shows "min".
 */
export function durationText(t: (key: string, params: Record<string, string>) => string, seconds: number): string {
  if (seconds < 60) return t('pilot.effort.seconds', { n: seconds.toFixed(1) })
  const whole = Math.round(seconds)
  const pad = (k: number): string => String(k).padStart(2, '0')
  if (whole < 3600) return t('pilot.effort.minutesSeconds', { m: String(Math.floor(whole / 60)), s: pad(whole % 60) })
  return t('pilot.effort.hoursMinutes', { h: String(Math.floor(whole / 3600)), m: pad(Math.floor((whole % 3600) / 60)) })
}
