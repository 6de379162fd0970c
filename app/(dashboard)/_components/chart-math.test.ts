import { describe, expect, it } from 'vitest'
import { fillPeriods, formatDuration, formatScore, median, percentDomain, percentTick, scopeLine, toPercent } from './chart-math'

describe('toPercent', () => {
  it('scales and rounds away float noise', () => {
    expect(toPercent(0.18)).toBe(18)
    expect(toPercent(0.123456)).toBe(12.35)
    expect(toPercent(0.07)).toBe(7)
  })
  it('keeps 0 of 0 as null', () => {
    expect(toPercent(null)).toBeNull()
    expect(toPercent(Number.NaN)).toBeNull()
  })
})

describe('percentDomain', () => {
  it('zooms in on high rates', () => {
    expect(percentDomain([88, 93, null])).toEqual([80, 100])
    expect(percentDomain([96])).toEqual([90, 100])
  })
  it('starts at 0 for low rates or nothing', () => {
    expect(percentDomain([3, 40])).toEqual([0, 100])
    expect(percentDomain([null])).toEqual([0, 100])
    expect(percentDomain([])).toEqual([0, 100])
  })
  it('always leaves a visible band at 100%', () => {
    expect(percentDomain([100])).toEqual([90, 100])
  })
})

describe('chart math', () => {
  it('fills missing days and weeks', () => {
    const days = fillPeriods([{ d: '2026-11-03' }, { d: '2026-11-01' }], (e) => e.d, (d) => ({ d, empty: true }))
    expect(days).toEqual([{ d: '2026-11-01' }, { d: '2026-11-02', empty: true }, { d: '2026-11-03' }])
    const weeks = fillPeriods([{ d: '2026-11-02' }, { d: '2026-11-16' }], (e) => e.d, (d) => ({ d }), 7)
    expect(weeks.map((w) => w.d)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16'])
  })
  it('keeps periods off the step grid and leaves non-days unfilled', () => {
    const weeks = fillPeriods([{ d: '2026-11-01' }, { d: '2026-11-09' }], (e) => e.d, (d) => ({ d }), 7)
    expect(weeks.map((w) => w.d)).toEqual(['2026-11-01', '2026-11-08', '2026-11-09'])
    expect(fillPeriods([{ d: 'b' }, { d: 'a' }], (e) => e.d, (d) => ({ d }))).toEqual([{ d: 'a' }, { d: 'b' }])
  })
  it('describes the scope of a response', () => {
    expect(
      scopeLine({ model: 'fraud', segment: 'eu', model_version: null, from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' }, ['reviewer r1', null]),
    ).toBe('Nov 1 – Nov 7, 2026 · fraud · segment eu · reviewer r1')
    expect(scopeLine({})).toBe('all models')
  })
})

describe('formatting helpers', () => {
  it('formats scores with fixed decimals and no negative zero', () => {
    expect(formatScore(0.04512)).toBe('0.045')
    expect(formatScore(-0.00001)).toBe('0.000')
    expect(formatScore(0.8123, 2)).toBe('0.81')
    expect(formatScore(null)).toBe('—')
    expect(formatScore(Number.NaN)).toBe('—')
  })
  it('formats handle times', () => {
    expect(formatDuration(6200)).toBe('6.2 s')
    expect(formatDuration(45_400)).toBe('45 s')
    expect(formatDuration(65_000)).toBe('1 min 5 s')
    expect(formatDuration(120_000)).toBe('2 min')
    expect(formatDuration(119_700)).toBe('2 min')
    expect(formatDuration(5_400_000)).toBe('1 h 30 min')
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(-1)).toBe('—')
  })
  it('takes medians of the finite values', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, null, 2, 3])).toBe(2.5)
    expect(median([null, Number.NaN])).toBeNull()
  })
})

describe('percentTick', () => {
  it('labels a percent axis whose values are already ×100', () => {
    expect(percentTick(80)).toBe('80%')
    expect(percentTick(12.5)).toBe('12.5%')
  })
})
