import { describe, expect, it } from 'vitest'
import {
  COMPLETE_WITHIN_MS,
  fillPeriods,
  formatDuration,
  formatScore,
  latestDataTs,
  median,
  niceTicks,
  partialLastPeriod,
  partialPeriodCoverage,
  partialPeriodText,
  percentAxis,
  percentDomain,
  percentTick,
  scopeLine,
  toPercent,
} from './chart-math'

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

describe('niceTicks', () => {
  it('puts ticks at round numbers, not at a quarter of the domain', () => {
    expect(niceTicks(70, 100)).toEqual({ domain: [70, 100], ticks: [70, 80, 90, 100] })
    expect(niceTicks(0, 100).ticks).toEqual([0, 25, 50, 75, 100])
    expect(niceTicks(0.82, 1).ticks).toEqual([0.8, 0.85, 0.9, 0.95, 1])
    expect(niceTicks(0, 0.045).ticks).toEqual([0, 0.02, 0.04, 0.06])
  })
  it('widens the domain to the outer ticks and never exceeds the tick budget', () => {
    expect(niceTicks(3, 97)).toEqual({ domain: [0, 100], ticks: [0, 25, 50, 75, 100] })
    expect(niceTicks(0, 1234, 6)).toEqual({ domain: [0, 1250], ticks: [0, 250, 500, 750, 1000, 1250] })
    for (const [lo, hi, max] of [[0, 0.07, 5], [12, 13, 4], [0.931, 0.999, 5], [-3, 7, 6], [0, 9_876_543, 5]] as const) {
      const { domain, ticks } = niceTicks(lo, hi, max)
      expect(ticks.length).toBeLessThanOrEqual(max)
      expect(ticks.length).toBeGreaterThanOrEqual(2)
      expect(domain[0]).toBeLessThanOrEqual(lo)
      expect(domain[1]).toBeGreaterThanOrEqual(hi)
      const step = ticks[1] - ticks[0]
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9)
      expect([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true)
      // No binary noise in the labels (0.30000000000000004): each tick is a whole multiple of the step, as printed.
      for (const t of ticks) expect(String(t)).not.toMatch(/\.\d{6,}/)
    }
  })
  it('uses 2.5 only where labels stay whole numbers', () => {
    expect(niceTicks(0, 10).ticks).toEqual([0, 5, 10])
    expect(niceTicks(0, 1).ticks).toEqual([0, 0.5, 1])
    expect(niceTicks(0, 1, 6).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
  })
  it('widens an empty range around its value', () => {
    expect(niceTicks(5, 5).domain[0]).toBeLessThan(5)
    expect(niceTicks(0, 0).ticks).toContain(0)
  })
})

describe('percentAxis', () => {
  it('zooms in on high rates with round ticks, never past 100', () => {
    expect(percentAxis([78, 93])).toEqual({ domain: [70, 100], ticks: [70, 80, 90, 100] })
    expect(percentAxis([3, 40])).toEqual({ domain: [0, 100], ticks: [0, 25, 50, 75, 100] })
    expect(percentAxis([])).toEqual({ domain: [0, 100], ticks: [0, 25, 50, 75, 100] })
  })
})

describe('partialLastPeriod', () => {
  const day = '2026-11-23'
  const start = Date.UTC(2026, 10, 23)
  it('marks the last day partial when the data stop during it (today is still going on)', () => {
    const partial = partialLastPeriod(day, { rangeEnd: '2026-11-24T00:00:00.000Z', latestTs: '2026-11-23T13:00:00.000Z' })
    expect(partial).toEqual({ period: day, coveredUntil: start + 13 * 3_600_000, share: 13 / 24 })
    expect(partialPeriodText(partial!)).toBe('partial day: data up to 13:00 UTC, 54% of the day')
    expect(partialPeriodCoverage(partial!)).toBe('data up to 13:00 UTC, 54% of the day')
  })
  it('marks it partial when the range ends inside it', () => {
    expect(partialLastPeriod(day, { rangeEnd: start + 6 * 3_600_000, latestTs: null })).toMatchObject({ share: 0.25 })
  })
  it('a day whose data reach its last half hour is complete', () => {
    expect(partialLastPeriod(day, { rangeEnd: start + 86_400_000, latestTs: start + 86_400_000 - COMPLETE_WITHIN_MS + 1 })).toBeNull()
    expect(partialLastPeriod(day, { rangeEnd: start + 86_400_000, latestTs: '2026-12-01T00:00:00Z' })).toBeNull()
  })
  it('a day after the latest data has none yet', () => {
    const partial = partialLastPeriod(day, { rangeEnd: start + 86_400_000, latestTs: '2026-11-20T10:00:00Z' })
    expect(partial).toEqual({ period: day, coveredUntil: start, share: 0 })
    expect(partialPeriodText(partial!)).toBe('partial day: no data yet')
  })
  it('knows weeks, and says nothing without bounds or a day', () => {
    // Week of Mon 2026-11-16; data up to Thursday noon: 3.5 of 7 days.
    expect(partialLastPeriod('2026-11-16', { latestTs: '2026-11-19T12:00:00Z', periodDays: 7 })).toMatchObject({ share: 0.5 })
    expect(partialLastPeriod(day, {})).toBeNull()
    expect(partialLastPeriod('Nov 23', { latestTs: start })).toBeNull()
    expect(partialLastPeriod(null, { latestTs: start })).toBeNull()
  })
})

describe('latestDataTs', () => {
  const models = [
    { model: 'a', last_ts: '2026-11-23T10:00:00.000Z' },
    { model: 'b', last_ts: '2026-11-23T12:30:00.000Z' },
    { model: 'c', last_ts: null },
  ]
  it('is the newest prediction of the models in scope', () => {
    expect(latestDataTs(models)).toBe('2026-11-23T12:30:00.000Z')
    expect(latestDataTs(models, 'a')).toBe('2026-11-23T10:00:00.000Z')
    expect(latestDataTs(models, 'c')).toBeNull()
    expect(latestDataTs([], null)).toBeNull()
  })
})
