import { DELIMITERS, type DelimiterName } from './options.js'

/**
 * Guesses the field delimiter from the first lines: the candidate that appears the same non-zero
 * number of times on every sampled line wins (most occurrences first); otherwise the most frequent
 * one; a file with none of them is a single column, read as comma-separated. Quoted stretches are
 * skipped so a comma inside "a, b" does not count. A heuristic, not a parser: csv-parse does the
 * actual reading with the chosen delimiter.
 */
export function detectDelimiter(text: string, sampleLines = 50): DelimiterName {
  const lines: string[] = []
  // Lines end in '\n' ('\r\n'), or in a lone '\r' in a file without any '\n' (as the reader splits them).
  const lineBreak = text.indexOf('\n') === -1 && text.indexOf('\r') !== -1 ? '\r' : '\n'
  let start = 0
  while (lines.length < sampleLines && start < text.length) {
    let end = text.indexOf(lineBreak, start)
    if (end === -1) end = text.length
    const line = text.slice(start, end).replace(/\r$/, '')
    if (line.trim() !== '') lines.push(line)
    start = end + 1
  }
  const names = Object.keys(DELIMITERS) as DelimiterName[]
  let best: { name: DelimiterName; consistent: boolean; perLine: number; total: number } | undefined
  for (const name of names) {
    const ch = DELIMITERS[name]
    const counts = lines.map((line) => countOutsideQuotes(line, ch))
    const total = counts.reduce((a, b) => a + b, 0)
    if (total === 0) continue
    const first = counts[0] ?? 0
    const consistent = first > 0 && counts.every((c) => c === first)
    const candidate = { name, consistent, perLine: first, total }
    if (
      !best ||
      (candidate.consistent && !best.consistent) ||
      (candidate.consistent === best.consistent && (candidate.consistent ? candidate.perLine > best.perLine : candidate.total > best.total))
    ) {
      best = candidate
    }
  }
  return best?.name ?? 'comma'
}

function countOutsideQuotes(line: string, ch: string): number {
  let inQuotes = false
  let n = 0
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === '"') inQuotes = !inQuotes
    else if (c === ch && !inQuotes) n++
  }
  return n
}
