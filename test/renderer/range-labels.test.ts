import { describe, expect, it } from 'vitest'
import { coverageBinLabels, rangeLabels } from '../../src-renderer/src/components/dataset/format.js'

describe('histogram bin labels', () => {
  it('uses enough digits that no two edges read alike ("21.6 – 21.6" never shows)', () => {
    const bins = [0, 1, 2].map((i) => ({ lo: 21.6 + i * 0.00004, hi: 21.6 + (i + 1) * 0.00004 }))
    const labels = rangeLabels(bins, 'en')
    expect(labels).toEqual(['21.6 – 21.60004', '21.60004 – 21.60008', '21.60008 – 21.60012'])
    for (const label of labels) {
      const [lo, hi] = label.split(' – ')
      expect(lo).not.toBe(hi)
    }
  })

  it('keeps five significant digits where they suffice, and a one-value bin as one number', () => {
    expect(
      rangeLabels(
        [
          { lo: 0, hi: 10 },
          { lo: 10, hi: 20 },
        ],
        'ja',
      ),
    ).toEqual(['0 – 10', '10 – 20'])
    expect(
      rangeLabels(
        [
          { lo: 20.5, hi: 20.75 },
          { lo: 20.75, hi: 21 },
        ],
        'en',
      ),
    ).toEqual(['20.5 – 20.75', '20.75 – 21'])
    expect(rangeLabels([{ lo: 5, hi: 5 }], 'en')).toEqual(['5'])
  })

  it('labels one bin per integer by the integer alone, in Japanese and English', () => {
    const ratings = [1, 2, 3, 4, 5].map((k) => ({ lo: k, hi: k }))
    for (const locale of ['ja', 'en']) expect(rangeLabels(ratings, locale)).toEqual(['1', '2', '3', '4', '5'])
    expect(
      rangeLabels(
        [
          { lo: 1999, hi: 1999 },
          { lo: 2000, hi: 2000 },
        ],
        'en',
      ),
    ).toEqual(['1,999', '2,000'])
  })

  it('labels every completeness bin, 90–100% included', () => {
    expect(coverageBinLabels(10).at(-1)).toBe('90–100%')
  })
})
