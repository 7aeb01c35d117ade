import { describe, expect, it } from 'vitest'
import { readTime } from '../../../src-main/core/import/cell-values.js'
import { readDateText } from '../../../src-main/core/import/date-text.js'
import { guessLayout } from '../../../src-main/core/import/layout-guess.js'
import { labelTimes } from '../../../src-main/core/import/row-times.js'

describe('readDateText', () => {
  it.each([
    ['2024-01-05', Date.UTC(2024, 0, 5)],
    ['2024-01-05 08:00:00', Date.UTC(2024, 0, 5, 8)],
    ['2024-01-05T08:30', Date.UTC(2024, 0, 5, 8, 30)],
    ['2024-01-05 8:00', Date.UTC(2024, 0, 5, 8)],
    ['2024-01-05T08:00:00.250Z', Date.UTC(2024, 0, 5, 8, 0, 0, 250)],
    ['2024-01-05T08:00:00+09:00', Date.UTC(2024, 0, 4, 23)],
    ['2024-01-05T08:00:00-0130', Date.UTC(2024, 0, 5, 9, 30)],
    ['2024/01/05', Date.UTC(2024, 0, 5)],
    ['2024/1/5 8:00', Date.UTC(2024, 0, 5, 8)],
    ['2024/01/05 08:00:30', Date.UTC(2024, 0, 5, 8, 0, 30)],
    ['2024年1月5日', Date.UTC(2024, 0, 5)],
    ['2024年1月5日 8:00', Date.UTC(2024, 0, 5, 8)],
    ['2024年01月05日8:00:05', Date.UTC(2024, 0, 5, 8, 0, 5)],
    [' 2024-02-29 ', Date.UTC(2024, 1, 29)],
  ])('reads %j', (text, expected) => {
    expect(readDateText(text)).toBe(expected)
  })

  it.each([
    '20240105',
    '1704441600000',
    '2024-02-30',
    '2023-02-29',
    '2024/13/01',
    '2024/1/5 24:00',
    '2024-01-05 08:60',
    '2024/1/5T8:00',
    '2024-1-5',
    '05/01/2024',
    'M1',
    '',
    '2024年1月',
  ])('rejects %j', (text) => {
    expect(readDateText(text)).toBeUndefined()
  })

  it('leaves a time column as it was: numbers are still milliseconds there, and the missing tokens still mean no time', () => {
    expect(readTime('1704441600000', new Set())).toBe(1704441600000)
    expect(readTime('NA', new Set(['NA']))).toBeNaN()
    expect(readTime('2024/1/5 8:00', new Set())).toBe(Date.UTC(2024, 0, 5, 8))
    expect(readTime('soon', new Set())).toBeUndefined()
  })
})

describe('labelTimes', () => {
  it('reads the labels as times when every one is a date', () => {
    expect(Array.from(labelTimes(['2024-01-05 08:00:00', '2024/01/05 9:00', '2024年1月5日 10:00'])!)).toEqual([
      Date.UTC(2024, 0, 5, 8),
      Date.UTC(2024, 0, 5, 9),
      Date.UTC(2024, 0, 5, 10),
    ])
  })

  it('keeps them labels when one is not a date', () => {
    expect(labelTimes(['2024-01-05', '2024-01-06', 'total'])).toBeUndefined()
    expect(labelTimes(['2024-01-05', '2024-02-30'])).toBeUndefined()
  })

  it('never takes bare numbers for dates', () => {
    expect(labelTimes(['20240105', '20240106', '20240107'])).toBeUndefined()
    expect(labelTimes(['1', '2', '3'])).toBeUndefined()
  })

  it('finds no times in no labels', () => {
    expect(labelTimes([])).toBeUndefined()
  })
})

describe('guessLayout for a wide file', () => {
  const header = ['日時', '温度', '圧力', '振動', '電流']
  const row = (key: string): string[] => [key, '20.5', '101.3', '0.01', '3.2']

  it('suggests the first column as the time column when every previewed label is a date', () => {
    expect(guessLayout(header, [row('2024/01/05 8:00'), row('2024/01/05 9:00'), row(''), row('2024-01-05 10:00:00')])).toEqual({
      layout: 'wide',
      keyColumn: 0,
      timeColumn: 0,
    })
  })

  it('suggests no time column when a label is not a date, or the labels are numbers', () => {
    expect(guessLayout(header, [row('2024/01/05 8:00'), row('M2')])).toEqual({ layout: 'wide', keyColumn: 0 })
    expect(guessLayout(header, [row('20240105'), row('20240106')])).toEqual({ layout: 'wide', keyColumn: 0 })
    expect(guessLayout(header, [])).toEqual({ layout: 'wide', keyColumn: 0 })
  })
})
