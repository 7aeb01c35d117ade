import { describe, expect, it } from 'vitest'
import { pairedTTest, studentTCdf, studentTQuantile, tInterval } from '../../../src-main/core/pilot/stats.js'

// Closed forms of Student's t CDF for small df, to check the incomplete-beta route independently.
const cdf1 = (t: number): number => 0.5 + Math.atan(t) / Math.PI
const cdf2 = (t: number): number => 0.5 + t / (2 * Math.sqrt(2 + t * t))
const cdf3 = (t: number): number => 0.5 + (Math.atan(t / Math.sqrt(3)) + t / Math.sqrt(3) / (1 + (t * t) / 3)) / Math.PI

describe('Student t distribution', () => {
  it('matches the closed forms for 1, 2 and 3 degrees of freedom', () => {
    for (const t of [-7, -2.5, -0.3, 0, 0.01, 1, 4.3, 30]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(cdf1(t), 12)
      expect(studentTCdf(t, 2)).toBeCloseTo(cdf2(t), 12)
      expect(studentTCdf(t, 3)).toBeCloseTo(cdf3(t), 12)
    }
  })

  it('gives the textbook 97.5 % quantiles', () => {
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302653, 5)
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.776445, 5)
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 5)
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.962339, 4)
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.776445, 5)
  })
})

describe('intervals and the paired test', () => {
  it('computes the 95 % t-interval by hand', () => {
    // mean 2, sd 1, n 3: half-width 4.302653 / √3.
    const i = tInterval([1, 2, 3])
    expect(i.mean).toBe(2)
    expect(i.sd).toBeCloseTo(1, 12)
    expect(i.high - i.mean).toBeCloseTo(4.302653 / Math.sqrt(3), 5)
    expect(i.mean - i.low).toBeCloseTo(4.302653 / Math.sqrt(3), 5)
    expect(tInterval([5])).toEqual({ mean: 5, low: 5, high: 5, sd: null, n: 1 })
  })

  it('computes the paired t statistic and two-sided p by hand', () => {
    // Differences 0.5, 0.5, 1, 0.5: mean 0.625, sd 0.25, t = 0.625 / (0.25 / 2) = 5, df 3.
    const test = pairedTTest([1, 2, 3, 4], [0.5, 1.5, 2, 3.5])
    expect(test.meanDifference).toBeCloseTo(0.625, 12)
    expect(test.sdDifference).toBeCloseTo(0.25, 12)
    expect(test.t).toBeCloseTo(5, 10)
    expect(test.df).toBe(3)
    expect(test.pValue).toBeCloseTo(2 * (1 - cdf3(5)), 10)
    expect(test.pValue!).toBeGreaterThan(0.015)
    expect(test.pValue!).toBeLessThan(0.016)
  })

  it('handles no spread and too few pairs without NaN', () => {
    expect(pairedTTest([1, 2, 3], [1, 2, 3])).toMatchObject({ meanDifference: 0, t: 0, pValue: 1 })
    expect(pairedTTest([2, 3, 4], [1, 2, 3])).toMatchObject({ meanDifference: 1, t: null, pValue: 0 })
    expect(pairedTTest([2], [1])).toMatchObject({ t: null, pValue: null, sdDifference: null })
    expect(() => pairedTTest([1, 2], [1])).toThrow()
  })
})
