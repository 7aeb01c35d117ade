import { describe, expect, it } from 'vitest'
import { REPORT_TEXTS } from '../../../src-main/core/report/texts.js'
import { jaSpaced } from '../../../src-main/core/pilot/verdict-words.js'

describe('Japanese spacing around a metric name', () => {
  it('sets a Latin metric off with spaces and joins a kanji one directly, as the verdict sentence does', () => {
    expect(REPORT_TEXTS.ja.charts.intervalAxis('RMSE')).toBe('NNMF − MF（MF の RMSE に対する割合）')
    expect(REPORT_TEXTS.ja.charts.intervalAxis('正規化 RMSE')).toBe('NNMF − MF（MF の正規化 RMSE に対する割合）')
    expect(REPORT_TEXTS.ja.charts.intervalAxis('対数損失')).toBe('NNMF − MF（MF の対数損失に対する割合）')
    expect(jaSpaced('正規化 RMSE（列ごとの平均）')).toBe('正規化 RMSE（列ごとの平均）')
  })
})
