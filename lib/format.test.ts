import { describe, expect, it } from 'vitest'
import { formatCompact, formatCount, formatDay, formatDayRange, formatPercent, formatUpdatedAt, NO_VALUE } from './format'

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1_000_000)).toBe('1,000,000')
    expect(formatCount(0)).toBe('0')
    expect(formatCount(1234.6)).toBe('1,235')
  })
  it('shows a dash for missing values', () => {
    expect(formatCount(null)).toBe(NO_VALUE)
    expect(formatCount(undefined)).toBe(NO_VALUE)
    expect(formatCount(Number.NaN)).toBe(NO_VALUE)
  })
})

describe('formatCompact', () => {
  it('abbreviates large numbers', () => {
    expect(formatCompact(1_234_567)).toBe('1.2M')
    expect(formatCompact(33_000)).toBe('33K')
    expect(formatCompact(950)).toBe('950')
    expect(formatCompact(null)).toBe(NO_VALUE)
  })
})

describe('formatPercent', () => {
  it('renders a [0,1] rate as a percentage', () => {
    expect(formatPercent(0.18)).toBe('18.0%')
    expect(formatPercent(0.1834)).toBe('18.3%')
    expect(formatPercent(1)).toBe('100.0%')
    expect(formatPercent(0)).toBe('0.0%')
    expect(formatPercent(0.00123, 2)).toBe('0.12%')
    expect(formatPercent(0.5, 0)).toBe('50%')
  })
  it('treats 0 of 0 (null) and NaN as no value, never "NaN%"', () => {
    expect(formatPercent(null)).toBe(NO_VALUE)
    expect(formatPercent(Number.NaN)).toBe(NO_VALUE)
  })
  it('never shows a negative zero', () => {
    expect(formatPercent(-1e-12)).toBe('0.0%')
  })
})

describe('formatDay', () => {
  it('labels a day without a time-zone shift', () => {
    expect(formatDay('2026-10-25')).toBe('Oct 25')
    expect(formatDay('2026-01-01', true)).toBe('Jan 1, 2026')
    expect(formatDay('2026-12-31')).toBe('Dec 31')
  })
  it('passes other strings through', () => {
    expect(formatDay('2026-W43')).toBe('2026-W43')
  })
})

describe('formatDayRange', () => {
  it('names the year once within a year', () => {
    expect(formatDayRange('2026-10-25', '2026-11-23')).toBe('Oct 25 – Nov 23, 2026')
  })
  it('names both years across a new year', () => {
    expect(formatDayRange('2025-12-30', '2026-01-05')).toBe('Dec 30, 2025 – Jan 5, 2026')
  })
  it('shows a single day once', () => {
    expect(formatDayRange('2026-11-01', '2026-11-01')).toBe('Nov 1, 2026')
  })
})

describe('formatUpdatedAt', () => {
  const now = Date.UTC(2026, 11, 3, 23, 59, 0)
  it('gives the UTC time of day, with the day when it is another one', () => {
    expect(formatUpdatedAt(Date.UTC(2026, 11, 3, 14, 2, 31, 900), now)).toBe('14:02:31 UTC')
    expect(formatUpdatedAt(Date.UTC(2026, 11, 2, 9, 5, 0), now)).toBe('Dec 2, 09:05:00 UTC')
  })
  it('shows no time for a moment that is not one', () => {
    expect(formatUpdatedAt(Number.NaN, now)).toBe(NO_VALUE)
  })
})
