import { describe, expect, it } from 'vitest'
import { REPORT_TEXTS } from '../../../src-main/core/report/texts.js'

describe('the report names constant columns', () => {
  it('lists the first names and counts the rest, in both languages', () => {
    const columns = Array.from({ length: 10 }, (_, i) => `s${i}`)
    const reason = { code: 'constant-columns' as const, severity: 'info' as const, count: 12, columns }
    expect(REPORT_TEXTS.en.reason(reason)).toContain('(s0, s1, s2, s3, s4, s5, s6, s7 and 4 more)')
    expect(REPORT_TEXTS.ja.reason(reason)).toContain('（s0、s1、s2、s3、s4、s5、s6、s7 ほか 4 列）')
    // A result stored before names were kept still reads.
    expect(REPORT_TEXTS.en.reason({ ...reason, columns: undefined })).toMatch(/^12 columns hold a constant value;/)
  })
})
