import { describe, expect, it } from 'vitest'
import type { CapacityEntry } from '@/lib/capacity/capacity.schema'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { computeStaffing, forecastDay, slaLookup, slaMinutes, staffedForView } from './workload.compute'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const entry = (fields: Partial<CapacityEntry> & { queue: string }): CapacityEntry => ({
  model: null, slaMinutes: 240, slaTarget: 0.9, targetOccupancy: 0.85, staffed: Array<number>(24).fill(0), ...fields,
})
const hours = (pairs: Record<number, number>) => Array.from({ length: 24 }, (_, h) => pairs[h] ?? 0)

describe('the SLA of an item', () => {
  it('is its queue and model entry, else its queue, else the default queue for its model, else the default, else 240 min', () => {
    const lookup = slaLookup([
      entry({ queue: 'fraud', model: 'm1', slaMinutes: 30 }),
      entry({ queue: 'fraud', slaMinutes: 60 }),
      entry({ queue: '', model: 'm2', slaMinutes: 90 }),
      entry({ queue: '', slaMinutes: 120 }),
    ])
    expect(slaMinutes(lookup, 'm1', 'fraud')).toBe(30)
    expect(slaMinutes(lookup, 'm2', 'fraud')).toBe(60)
    expect(slaMinutes(lookup, 'm2', 'docs')).toBe(90)
    expect(slaMinutes(lookup, 'm3', 'docs')).toBe(120)
    expect(slaMinutes(lookup, 'm3', '')).toBe(120)
    expect(slaMinutes(slaLookup([]), 'm3', 'docs')).toBe(240)
  })
})

describe('staffing', () => {
  const end = Date.UTC(2026, 11, 2) // the range ends at midnight: plan 2026-12-02
  const filters: ResolvedFilters = { from: end - 7 * DAY, to: end }

  it('plans the day after the end of the range', () => {
    expect(new Date(forecastDay(end)).toISOString()).toBe('2026-12-02T00:00:00.000Z')
    expect(new Date(forecastDay(end + 5 * HOUR)).toISOString()).toBe('2026-12-03T00:00:00.000Z')
  })

  it('sums the teams of every queue without a queue filter, and takes the queue’s own with one', () => {
    const entries = [entry({ queue: 'a', staffed: hours({ 9: 3 }) }), entry({ queue: 'b', staffed: hours({ 9: 2, 10: 1 }) }), entry({ queue: 'b', model: 'm1', staffed: hours({ 9: 5 }) })]
    expect(staffedForView(entries, undefined, undefined)?.slice(9, 11)).toEqual([5, 1])
    expect(staffedForView(entries, 'm1', undefined)?.slice(9, 11)).toEqual([8, 0])
    expect(staffedForView(entries, undefined, 'b')?.slice(9, 11)).toEqual([2, 1])
    expect(staffedForView([], undefined, undefined)).toBeNull()
  })

  it('needs by Erlang C what the SPEC §3.3 example needs: 200 an hour of 180 s, 80 % within 20 s → 14 reviewers', () => {
    // Four weeks of history: 200 escalations in the 09:00 hour every day, nothing else.
    const history = Array.from({ length: 28 }, (_, d) => ({ hour: new Date(end - (d + 1) * DAY + 9 * HOUR).toISOString().replace('T', ' ').slice(0, 19), arrivals: 200 }))
    const staffing = computeStaffing({
      entries: [entry({ queue: '', slaMinutes: 20 / 60, slaTarget: 0.8, staffed: hours({ 9: 12, 10: 1 }) })],
      filters,
      end,
      history,
      meanHandleMs: 180_000,
      reviewHandleTotalMs: 13 * 7 * HOUR * 0.5, // busy half of the 13 staffed hours a day
    })!
    expect(staffing.forecast_date).toBe('2026-12-02')
    expect(staffing.basis).toBe('every_day')
    expect(staffing.hours[9]).toEqual({ hour: 9, expected_escalations: 200, reviewers_needed: 14, reviewers_staffed: 12, short: true })
    expect(staffing.hours[10]).toEqual({ hour: 10, expected_escalations: 0, reviewers_needed: 0, reviewers_staffed: 1, short: false })
    expect(staffing.short_hours).toBe(1)
    expect(staffing.reviewers_needed_total).toBe(14)
    expect(staffing.reviewers_staffed_total).toBe(13)
    // 200 × 180 s / 3,600 / 0.85 reviewer-hours.
    expect(staffing.reviewer_hours_per_day).toBeCloseTo((200 * 180) / 3600 / 0.85, 12)
    expect(staffing.utilization).toBeCloseTo(0.5, 12)
  })

  it('has no reviewers-needed figures without a handle time, and no staffing without capacity settings', () => {
    const staffing = computeStaffing({ entries: [entry({ queue: '' })], filters, end, history: [], meanHandleMs: null, reviewHandleTotalMs: 0 })!
    expect(staffing.basis).toBe('none')
    expect(staffing.reviewers_needed_total).toBeNull()
    expect(staffing.hours.every((h) => h.reviewers_needed === null && !h.short)).toBe(true)
    expect(staffing.utilization).toBeNull() // nobody staffed
    expect(computeStaffing({ entries: [], filters, end, history: [], meanHandleMs: 1000, reviewHandleTotalMs: 0 })).toBeNull()
  })
})
