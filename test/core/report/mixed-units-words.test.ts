import { describe, expect, it } from 'vitest'
import { formatOrders } from '../../../src-main/contract/format.js'
import { REPORT_TEXTS } from '../../../src-main/core/report/texts.js'

describe("the report's mixed-units caveat", () => {
  it('prints the orders of magnitude as the wizard does (one decimal: 2.9, not 2.860), in both languages', () => {
    const reason = { code: 'mixed-units' as const, severity: 'info' as const, orders: 2.8604, threshold: 2 }
    expect(formatOrders(reason.orders)).toBe('2.9')
    expect(REPORT_TEXTS.ja.reason(reason)).toContain('約 2.9 桁')
    expect(REPORT_TEXTS.en.reason(reason)).toContain('about 2.9 orders of magnitude')
  })
})
