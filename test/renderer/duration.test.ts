import { describe, expect, it } from 'vitest'
import { durationText } from '../../src-renderer/src/components/pilot/duration.js'

/** The keys and parameters the page's messages receive; the words are per language in pilot-{en,ja}.ts. */
const t = (key: string, params: Record<string, string>): string => `${key.split('.').pop()} ${Object.values(params).join(' ')}`

describe('durations in the page’s language', () => {
  it('splits seconds into the units the messages word, with two-digit seconds and minutes', () => {
    expect(durationText(t, 42.46)).toBe('seconds 42.5')
    expect(durationText(t, 127)).toBe('minutesSeconds 2 07')
    expect(durationText(t, 3600 + 5 * 60 + 20)).toBe('hoursMinutes 1 05')
  })
})
