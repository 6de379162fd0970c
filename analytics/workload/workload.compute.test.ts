import { describe, expect, it } from 'vitest'
import type { CapacityEntry } from '@/lib/capacity/capacity.schema'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { computeStaffing, forecastDay, slaLookup, slaMinutes, staffedForView } from './workload.compute'
import { reviewersNeeded } from '@/analytics/shared/staffing.compute'

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

  /** 'YYYY-MM-DD HH:00:00' of hour `h` on the day `d + 1` days before the end. */
  const hourOf = (d: number, h: number) => new Date(end - (d + 1) * DAY + h * HOUR).toISOString().replace('T', ' ').slice(0, 19)

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
    const history = Array.from({ length: 28 }, (_, d) => ({ hour: hourOf(d, 9), queue: '', arrivals: 200 }))
    const staffing = computeStaffing({
      entries: [entry({ queue: '', slaMinutes: 20 / 60, slaTarget: 0.8, staffed: hours({ 9: 12, 10: 1 }) })],
      filters,
      end,
      history,
      groups: [],
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

  it('staffs a team serving items of two SLAs for the stricter one at the whole team’s load', () => {
    // One team, as in the demo: model m1's items within 5 min, the rest within 4 h. 10 an hour of 30 min: 5 Erlang.
    const entries = [entry({ queue: '', slaMinutes: 240, staffed: hours({ 9: 6 }) }), entry({ queue: '', model: 'm1', slaMinutes: 5, staffed: hours({ 9: 6 }) })]
    const history = Array.from({ length: 28 }, (_, d) => ({ hour: hourOf(d, 9), queue: '', arrivals: 10 }))
    const groups = [
      { model: 'm1', queue: '', handled: 10, handleMeanMs: 30 * 60_000 },
      { model: 'm2', queue: 'docs', handled: 30, handleMeanMs: 30 * 60_000 },
    ]
    const staffing = computeStaffing({ entries, filters, end, history, groups, meanHandleMs: 30 * 60_000, reviewHandleTotalMs: 0 })!
    const at = (targetSeconds: number) => reviewersNeeded({ arrivalsPerHour: 10, handleSeconds: 1800, targetSeconds, serviceLevelTarget: 0.9 })
    expect(at(300)).toBeGreaterThan(at(4 * 3600)) // the 5 min SLA needs more: the test tells them apart
    expect(staffing.hours[9]).toMatchObject({ expected_escalations: 10, reviewers_needed: at(300), reviewers_staffed: 6 })
    expect({ sla_minutes: staffing.sla_minutes, sla_target: staffing.sla_target }).toEqual({ sla_minutes: 5, sla_target: 0.9 })
    // One team: the default queue's (docs has no entry of its own), staffed once, not once per entry.
    expect(staffing.teams.map((t) => t.queue)).toEqual([''])
    expect(staffing.reviewers_staffed_total).toBe(6)
  })

  it('plans each queue with its own team for its part of the forecast, and sums them', () => {
    const entries = [entry({ queue: '', staffed: hours({ 9: 2 }) }), entry({ queue: 'fast', slaMinutes: 30, staffed: hours({ 9: 3 }) })]
    // At 09:00 every day: 30 escalations reviewed in fast, 10 in main (no entry: the default team), 20 not yet reviewed.
    const history = Array.from({ length: 28 }, (_, d) => [
      { hour: hourOf(d, 9), queue: 'fast', arrivals: 30 },
      { hour: hourOf(d, 9), queue: 'main', arrivals: 10 },
      { hour: hourOf(d, 9), queue: '', arrivals: 20 },
    ]).flat()
    const groups = [
      { model: 'm', queue: 'fast', handled: 100, handleMeanMs: 60_000 },
      { model: 'm', queue: 'main', handled: 100, handleMeanMs: 120_000 },
    ]
    const staffing = computeStaffing({ entries, filters, end, history, groups, meanHandleMs: 90_000, reviewHandleTotalMs: 0 })!
    expect(staffing.teams.map((t) => [t.queue, t.expected_escalations, t.mean_handle_ms, t.reviewers_staffed_total])).toEqual([
      ['', 30, 120_000, 2],
      ['fast', 30, 60_000, 3],
    ])
    const needed = (handleSeconds: number, targetSeconds: number) => reviewersNeeded({ arrivalsPerHour: 30, handleSeconds, targetSeconds, serviceLevelTarget: 0.9 })
    expect(staffing.hours[9]).toMatchObject({ expected_escalations: 60, reviewers_needed: needed(120, 240 * 60) + needed(60, 30 * 60), reviewers_staffed: 5 })
    expect(staffing.sla_minutes).toBe(30)
    // Under a queue filter, that queue's team alone.
    const fast = computeStaffing({ entries, filters: { ...filters, queue: 'fast' }, end, history: history.filter((h) => h.queue === 'fast'), groups: groups.slice(0, 1), meanHandleMs: 60_000, reviewHandleTotalMs: 0 })!
    expect(fast.teams.map((t) => t.queue)).toEqual(['fast'])
    expect(fast.hours[9]).toMatchObject({ expected_escalations: 30, reviewers_needed: needed(60, 30 * 60), reviewers_staffed: 3 })
  })

  it('has no reviewers-needed figures without a handle time, and no staffing without capacity settings', () => {
    const staffing = computeStaffing({ entries: [entry({ queue: '' })], filters, end, history: [], groups: [], meanHandleMs: null, reviewHandleTotalMs: 0 })!
    expect(staffing.basis).toBe('none')
    expect(staffing.reviewers_needed_total).toBeNull()
    expect(staffing.hours.every((h) => h.reviewers_needed === null && !h.short)).toBe(true)
    expect(staffing.utilization).toBeNull() // nobody staffed
    expect(computeStaffing({ entries: [], filters, end, history: [], groups: [], meanHandleMs: 1000, reviewHandleTotalMs: 0 })).toBeNull()
  })
})
