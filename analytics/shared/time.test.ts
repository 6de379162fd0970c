import { describe, expect, it } from 'vitest'
import { mulberry32 } from '@/test/metrics-reference'
import { daysInRange, formatTimestamp, MS_PER_DAY } from './time'

/** The textbook form: toISOString with the T and Z taken out. */
const viaIso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '')

describe('formatTimestamp', () => {
  it('writes UTC milliseconds as ClickHouse reads DateTime64(3)', () => {
    expect(formatTimestamp(Date.UTC(2026, 10, 1, 10, 0, 0, 123))).toBe('2026-11-01 10:00:00.123')
    expect(formatTimestamp(0)).toBe('1970-01-01 00:00:00.000')
    expect(formatTimestamp(Date.UTC(2028, 1, 29, 23, 59, 59, 999))).toBe('2028-02-29 23:59:59.999')
  })

  it('equals toISOString for random instants, either side of midnights and in any order', () => {
    const random = mulberry32(3)
    for (let i = 0; i < 20_000; i++) {
      const day = Math.floor(random() * 80_000) * MS_PER_DAY // 1970 to ~2189
      const ms = i % 3 === 0 ? day + Math.floor(random() * MS_PER_DAY) : day - 1 + (i % 2)
      expect(formatTimestamp(ms)).toBe(viaIso(ms))
    }
  })

  it('falls back to toISOString outside the years it formats by hand', () => {
    for (const ms of [-1, -MS_PER_DAY * 400, Date.UTC(10000, 0, 1), 1.5]) {
      expect(formatTimestamp(ms)).toBe(viaIso(ms))
    }
  })
})

describe('daysInRange', () => {
  it('lists the UTC days that intersect [from, to), partial days at either end included', () => {
    expect(daysInRange(Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 4))).toEqual(['2026-11-01', '2026-11-02', '2026-11-03'])
    expect(daysInRange(Date.UTC(2026, 10, 1, 12), Date.UTC(2026, 10, 3, 0, 0, 0, 1))).toEqual(['2026-11-01', '2026-11-02', '2026-11-03'])
    expect(daysInRange(Date.UTC(2026, 11, 31, 23), Date.UTC(2027, 0, 1, 1))).toEqual(['2026-12-31', '2027-01-01'])
    expect(daysInRange(Date.UTC(2026, 10, 2), Date.UTC(2026, 10, 2))).toEqual([])
  })
})
