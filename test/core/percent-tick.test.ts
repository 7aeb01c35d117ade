import { describe, expect, it } from 'vitest'
import { formatPercentTick } from '../../src-main/core/format.js'

describe('percent ticks on the difference charts (app and report alike)', () => {
  it('prints round ticks without trailing zeros and with a true minus sign', () => {
    expect(formatPercentTick(-0.08)).toBe('−8%')
    expect(formatPercentTick(0.025)).toBe('2.5%')
    expect(formatPercentTick(0)).toBe('0%')
    expect(formatPercentTick(0.1)).toBe('10%')
    // Float noise from the axis's own arithmetic does not show.
    expect(formatPercentTick(-0.06000000000000001)).toBe('−6%')
  })
})
