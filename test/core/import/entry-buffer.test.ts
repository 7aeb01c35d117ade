import { describe, expect, it } from 'vitest'
import { EntryBuffer, finalizeEntries } from '../../../src-main/core/import/entry-buffer.js'
import { IssueCollector } from '../../../src-main/core/import/report.js'
import { createRng } from '../../../src-main/core/random.js'

interface E {
  r: number
  c: number
  v: number
  line: number
  t: number
}

/** The rules written plainly: stable sort by (row, column), then fold each group by the policy. */
function reference(entries: E[], policy: 'error' | 'mean' | 'last', colLabels: string[]) {
  const sorted = entries.map((e, i) => ({ ...e, i })).sort((a, b) => a.r - b.r || a.c - b.c || a.i - b.i)
  const out: { r: number; c: number; v: number; t: number }[] = []
  const issues = new IssueCollector()
  let merged = 0
  for (let i = 0; i < sorted.length;) {
    let j = i + 1
    while (j < sorted.length && sorted[j]!.r === sorted[i]!.r && sorted[j]!.c === sorted[i]!.c) j++
    const group = sorted.slice(i, j)
    const first = group[0]!
    if (group.length > 1 && policy === 'error') {
      for (const e of group.slice(1)) issues.add('duplicate-key', e.line, colLabels[e.c]!, String(e.v))
    } else if (group.length > 1 && policy === 'mean') {
      let sum = 0
      let time = NaN
      for (const e of group) {
        sum += e.v
        if (!Number.isNaN(e.t) && (Number.isNaN(time) || e.t > time)) time = e.t
      }
      out.push({ r: first.r, c: first.c, v: sum / group.length, t: time })
      merged += group.length - 1
    } else {
      const last = group[group.length - 1]!
      out.push({ r: last.r, c: last.c, v: last.v, t: last.t })
      merged += group.length - 1
    }
    i = j
  }
  return { out, report: issues.report(), merged }
}

/** Index of the first differing element (Object.is, so NaN equals NaN), or -1; a length mismatch counts. */
function firstDifference(a: ArrayLike<number>, b: readonly number[]): number {
  if (a.length !== b.length) return Math.min(a.length, b.length)
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i
  return -1
}

describe('finalizeEntries', () => {
  it('matches a plain stable sort and fold, for sorted and shuffled input, with and without times and repeats', () => {
    const rng = createRng(31)
    for (let trial = 0; trial < 40; trial++) {
      const nRows = 1 + rng.int(trial % 3 === 0 ? 3 : 300)
      // Few, some and very many columns: rows then get sorted by insertion, counting or key sort.
      const nCols = 1 + rng.int(trial % 4 === 0 ? 2 : trial % 4 === 1 ? 20_000 : 50)
      const withTimes = trial % 2 === 0
      const n = rng.int(trial % 5 === 0 ? 30_000 : 2000)
      const ordered = trial % 6 === 1
      const entries: E[] = []
      for (let i = 0; i < n; i++) {
        const k = ordered ? i : rng.int(nRows * nCols)
        const r = ordered ? Math.min(nRows - 1, Math.floor((i * nRows) / Math.max(1, n))) : Math.floor(k / nCols)
        const c = ordered ? i % nCols : k % nCols
        entries.push({ r, c, v: rng.int(1000) / 8, line: i + 2, t: withTimes && rng.next() < 0.8 ? rng.int(1e6) : NaN })
      }
      const colLabels = Array.from({ length: nCols }, (_, j) => `c${j}`)
      for (const policy of ['error', 'mean', 'last'] as const) {
        const buffer = new EntryBuffer(withTimes)
        for (const e of entries) buffer.push(e.r, e.c, e.v, e.line, e.t)
        const issues = new IssueCollector()
        const { matrix, duplicatesMerged } = finalizeEntries(buffer, nRows, nCols, policy, issues, colLabels)
        const want = reference(entries, policy, colLabels)
        const label = `trial ${trial} ${policy}`
        expect(
          firstDifference(
            matrix.rows,
            want.out.map((e) => e.r),
          ),
          label,
        ).toBe(-1)
        expect(
          firstDifference(
            matrix.cols,
            want.out.map((e) => e.c),
          ),
          label,
        ).toBe(-1)
        expect(
          firstDifference(
            matrix.values,
            want.out.map((e) => e.v),
          ),
          label,
        ).toBe(-1)
        if (withTimes)
          expect(
            firstDifference(
              matrix.times!,
              want.out.map((e) => e.t),
            ),
            label,
          ).toBe(-1)
        else expect(matrix.times).toBeUndefined()
        expect(issues.report(), label).toEqual(want.report)
        expect(duplicatesMerged, label).toBe(want.merged)
      }
    }
  })
})
