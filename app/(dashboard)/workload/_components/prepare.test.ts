import { describe, expect, it } from 'vitest'
import { WorkloadResponse, type WorkloadDay, type WorkloadHour, type WorkloadQueue, type WorkloadReviewer, type WorkloadStaffing } from '@/analytics/workload/workload.schema'
import { toCsv } from '../../_components/csv'
import { activeDays, backlogStory, dayTicks, findBacklogPeak, formatDurationTick, formatHourSpan, formatMoment, formatSecondsTick, isEmptyWorkload, logDurationAxis, peakWindow, prepareHourFlow, prepareWorkloadKpis, weekdayOf } from './prepare'
import { hasFlooredWaits, preparePercentileStrip, prepareQueueRows, prepareSlaSeries, prepareWaitSeries, slaLegend, slaLines, slaStory, waitTickLabel } from './prepare-sla'
import { fatigueSummary, prepareReviewerRows, prepareShiftHours, prepareStaffing, reviewerSummary, shortHourRanges, sortReviewerRows, staffingFacts } from './prepare-team'
import { daysCsv, reviewersCsv, staffingCsv, workloadCsvName } from './workload-csv'
import { nextSort, readReviewerSort, readWorkloadOptions, updateReviewerSort, updateWorkloadOptions } from './workload-options'

const MIN = 60_000
const HOUR = 3_600_000
const none = { p50: null, p90: null, p99: null }

function day(date: string, overrides: Partial<WorkloadDay> = {}): WorkloadDay {
  return { date, arrivals: 0, completions: 0, backlog: 0, wait_ms: none, handle_ms: none, met: 0, breached: 0, pending: 0, sla_attainment: null, ...overrides }
}

function hour(iso: string, arrivals: number, completions: number, backlog: number | null): WorkloadHour {
  return { hour: iso, arrivals, completions, backlog }
}

function reviewer(id: string, overrides: Partial<WorkloadReviewer> = {}): WorkloadReviewer {
  return { reviewer_id: id, reviews: 100, reviews_per_active_hour: 2, active_hours: 50, handle_ms: { p50: 50_000, p90: 120_000 }, shift_share: 0.4, ...overrides }
}

function queue(model: string, q: string, overrides: Partial<WorkloadQueue> = {}): WorkloadQueue {
  return { model, queue: q, sla_minutes: 240, sla_target: 0.9, escalated: 100, reviewed: 100, wait_ms: { p50: 10 * MIN, p90: 3 * HOUR, p99: 6 * HOUR }, met: 90, breached: 10, pending: 0, sla_attainment: 0.9, ...overrides }
}

/** 24 hours of staffing: two reviewers all day, three needed 12:00–15:00, and at 23:00. */
function staffing(overrides: Partial<WorkloadStaffing> = {}): WorkloadStaffing {
  const hours = Array.from({ length: 24 }, (_, h) => {
    const needed = (h >= 12 && h < 15) || h === 23 ? 3 : 1
    return { hour: h, expected_escalations: needed * 5, reviewers_needed: needed, reviewers_staffed: 2, short: needed > 2 }
  })
  return {
    forecast_date: '2026-12-04',
    basis: 'same_weekday',
    history_days: 28,
    mean_handle_ms: 60_000,
    sla_minutes: 240,
    sla_target: 0.9,
    target_occupancy: 0.85,
    expected_escalations: 160,
    reviewer_hours_per_day: 3.137,
    teams: [],
    reviewers_needed_total: 32,
    reviewers_staffed_total: 48,
    short_hours: 4,
    hours,
    utilization: 0.41,
    ...overrides,
  }
}

const filters = { model: null, segment: null, model_version: null, reviewer_id: null, queue: null, from: '2026-11-04T00:00:00.000Z', to: '2026-12-04T00:00:00.000Z' }

function response(overrides: Partial<WorkloadResponse> = {}): WorkloadResponse {
  return WorkloadResponse.parse({
    filters,
    measured_at: '2026-12-03T13:45:00.000Z',
    escalated: 2795,
    reviewed: 2795,
    wait_ms: { p50: 749_017, p90: 15_597_282.8, p99: 47_744_433.88 },
    handle_ms: { p50: 51_426, p90: 143_230.6, p99: 310_200.2 },
    backlog: 0,
    met: 2480,
    breached: 315,
    pending: 0,
    sla_attainment: 0.8873,
    distributions: { wait_ms: [], handle_ms: [] },
    series: [],
    hourly: [],
    queues: [queue('fraud-detector', 'fraud-detector')],
    reviewers: [reviewer('r01-alice'), reviewer('r02-bob', { reviews: 260, reviews_per_active_hour: 3.21 })],
    shift_hours: [],
    staffing: null,
    ...overrides,
  })
}

describe('workload options in the URL', () => {
  it('reads the reviewer and queue, trimmed, and drops empty ones', () => {
    expect(readWorkloadOptions(new URLSearchParams('reviewer_id=r04-dave&queue=%20fraud%20'))).toEqual({ reviewer_id: 'r04-dave', queue: 'fraud' })
    expect(readWorkloadOptions(new URLSearchParams('reviewer_id=&model=m'))).toEqual({})
  })
  it('writes them after the filters, before the sort, and clears them', () => {
    const current = new URLSearchParams('sort=shift_share&queue=q1&model=m')
    expect(updateWorkloadOptions(current, { reviewer_id: 'r1' }).toString()).toBe('model=m&reviewer_id=r1&queue=q1&sort=shift_share')
    expect(updateWorkloadOptions(current, { queue: undefined }).toString()).toBe('model=m&sort=shift_share')
  })
  it('reads a sort, defaulting an unknown column or direction', () => {
    expect(readReviewerSort(new URLSearchParams(''))).toEqual({ key: 'reviews', direction: 'desc' })
    expect(readReviewerSort(new URLSearchParams('sort=handle_p90'))).toEqual({ key: 'handle_p90', direction: 'desc' })
    expect(readReviewerSort(new URLSearchParams('sort=reviewer_id'))).toEqual({ key: 'reviewer_id', direction: 'asc' })
    expect(readReviewerSort(new URLSearchParams('sort=shift_share&dir=asc'))).toEqual({ key: 'shift_share', direction: 'asc' })
    expect(readReviewerSort(new URLSearchParams('sort=drop_table&dir=asc'))).toEqual({ key: 'reviews', direction: 'desc' })
  })
  it('writes a sort: nothing for the default, no dir for a column’s default direction', () => {
    const current = new URLSearchParams('model=m')
    expect(updateReviewerSort(current, { key: 'reviews', direction: 'desc' }).toString()).toBe('model=m')
    expect(updateReviewerSort(current, { key: 'reviews', direction: 'asc' }).toString()).toBe('model=m&sort=reviews&dir=asc')
    expect(updateReviewerSort(current, { key: 'handle_p50', direction: 'desc' }).toString()).toBe('model=m&sort=handle_p50')
  })
  it('flips the direction of the same column, starts another in its default', () => {
    expect(nextSort({ key: 'reviews', direction: 'desc' }, 'reviews')).toEqual({ key: 'reviews', direction: 'asc' })
    expect(nextSort({ key: 'reviews', direction: 'asc' }, 'reviewer_id')).toEqual({ key: 'reviewer_id', direction: 'asc' })
    expect(nextSort({ key: 'reviewer_id', direction: 'asc' }, 'shift_share')).toEqual({ key: 'shift_share', direction: 'desc' })
  })
})

describe('times and durations', () => {
  it('formats moments and hours in UTC', () => {
    expect(formatMoment('2026-11-25T16:00:00.000Z')).toBe('Nov 25, 16:00 UTC')
    expect(formatHourSpan('2026-11-25T23:00:00.000Z')).toBe('Nov 25, 23:00–00:00 UTC')
    expect(weekdayOf('2026-11-25')).toBe('Wed')
  })
  it('writes short round ticks', () => {
    expect(formatDurationTick(45_000)).toBe('45 s')
    expect(formatDurationTick(10 * MIN)).toBe('10 min')
    expect(formatDurationTick(4 * HOUR)).toBe('4 h')
    expect(formatDurationTick(1.5 * HOUR)).toBe('1.5 h')
    expect(formatDurationTick(7 * 24 * HOUR)).toBe('7 d')
  })
  it('spans a log axis from the ladder step under the smallest value to the one over the largest', () => {
    expect(logDurationAxis([12 * MIN, 4.3 * HOUR, 13 * HOUR, null])).toEqual({ domain: [10 * MIN, 24 * HOUR], ticks: [10 * MIN, HOUR, 4 * HOUR, 24 * HOUR] })
    // Zero waits have no place on a log axis; one value still gets two ticks.
    expect(logDurationAxis([0, 30_000])).toEqual({ domain: [10_000, MIN], ticks: [10_000, MIN] })
    expect(logDurationAxis([]).domain).toEqual([1000, HOUR])
  })
})

describe('KPIs', () => {
  it('names the backlog, the peak and its time, and the SLA against the default target when capacity is not configured', () => {
    const data = response({ backlog: 3 })
    const peak = findBacklogPeak(prepareHourFlow([hour('2026-11-25T16:00:00.000Z', 60, 20, 169)]))
    const kpis = prepareWorkloadKpis(data, peak)
    const byId = Object.fromEntries(kpis.map((k) => [k.id, k]))
    expect(byId.backlog.value).toBe('3')
    expect(byId.backlog.detail).toBe('open at Dec 3, 13:45 UTC')
    expect(byId.peak_backlog.value).toBe('169')
    expect(byId.peak_backlog.detail).toBe('at Nov 25, 17:00 UTC')
    expect(byId.sla_attainment.value).toBe('88.7%')
    expect(byId.sla_attainment.detail).toBe('315 breached · 0 pending')
    expect(byId.sla_attainment.tone).toBe('warning')
    expect(byId.sla_attainment.explanation).toContain('the default')
    expect(byId.wait_p50.value).toBe('12 min 29 s')
    expect(byId.wait_p50.detail).toBe('p90 4 h 20 min · p99 13 h 16 min')
    expect(byId.reviewers.value).toBe('2')
    expect(byId.reviewers.detail).toBe('median 2.6 reviews / active hour')
    expect(byId.staffing.value).toBe('Not configured')
    expect(byId.staffing.tone).toBe('note')
  })
  it('takes the target and tomorrow’s need from the staffing when configured', () => {
    const kpis = prepareWorkloadKpis(response({ sla_attainment: 0.85, staffing: staffing({ sla_target: 0.8 }) }), null)
    const byId = Object.fromEntries(kpis.map((k) => [k.id, k]))
    expect(byId.sla_attainment.tone).toBeUndefined()
    expect(byId.staffing.value).toBe('32 h')
    expect(byId.staffing.detail).toBe('reviewer-hours vs 48 staffed · 4 short')
    expect(byId.staffing.tone).toBe('warning')
    expect(byId.peak_backlog.value).toBe('0')
  })
  it('is empty without escalations, reviews or anything open', () => {
    expect(isEmptyWorkload(response({ escalated: 0, reviewers: [], backlog: 0 }))).toBe(true)
    expect(isEmptyWorkload(response({ escalated: 0, backlog: 0 }))).toBe(false)
  })
})

describe('days and hours', () => {
  it('drops the quiet days before the first escalation and the unmeasured ones at the end, and fills gaps', () => {
    const series = [
      day('2026-11-01'),
      day('2026-11-02', { backlog: null }),
      day('2026-11-03', { arrivals: 5, completions: 4, backlog: 1 }),
      day('2026-11-05', { arrivals: 3, completions: 4, backlog: 0 }),
      day('2026-11-06', { backlog: null }),
    ]
    const { days, trimmedBefore } = activeDays(series)
    expect(days.map((d) => d.date)).toEqual(['2026-11-03', '2026-11-04', '2026-11-05'])
    expect(days[1].backlog).toBeNull()
    expect(trimmedBefore).toBe(true)
    expect(activeDays([day('2026-11-01', { arrivals: 1 })]).trimmedBefore).toBe(false)
    expect(activeDays([day('2026-11-01')]).days).toEqual([])
  })

  it('keeps the hours from the start of the first active day to the last measured hour', () => {
    const hours = [
      hour('2026-11-24T22:00:00.000Z', 0, 0, 0),
      hour('2026-11-25T00:00:00.000Z', 0, 0, 0),
      hour('2026-11-25T01:00:00.000Z', 2, 0, 2),
      hour('2026-11-25T02:00:00.000Z', 0, 2, 0),
      hour('2026-11-25T03:00:00.000Z', 0, 0, null),
    ]
    const points = prepareHourFlow(hours)
    expect(points.map((p) => p.hour)).toEqual(['2026-11-25T00:00:00.000Z', '2026-11-25T01:00:00.000Z', '2026-11-25T02:00:00.000Z'])
    expect(points[1].label).toBe('Nov 25, 01:00–02:00 UTC')
    expect(prepareHourFlow([hour('2026-11-25T00:00:00.000Z', 0, 0, 0)])).toEqual([])
    expect(dayTicks(points)).toEqual(['2026-11-25T00:00:00.000Z'])
  })

  it('puts a tick on every n-th midnight when there are many days', () => {
    const points = prepareHourFlow(Array.from({ length: 30 * 24 }, (_, i) => hour(new Date(Date.UTC(2026, 10, 1) + i * HOUR).toISOString(), 1, 1, 0)))
    const ticks = dayTicks(points)
    expect(ticks).toHaveLength(10)
    expect(ticks[1]).toBe('2026-11-04T00:00:00.000Z')
  })
})

/** A day like the demo's spike: quiet hours, five hours at four times the arrivals from 12:00, drained by 21:00. */
function spikeDay(): WorkloadHour[] {
  const arrivals = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 40, 45, 50, 45, 40, 5, 5, 5, 5, 5, 5, 5]
  const completions = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 20, 20, 20, 20, 20, 30, 30, 30, 30, 25, 5, 5]
  let open = 1
  return arrivals.map((a, h) => {
    open = Math.max(0, open + a - completions[h])
    return hour(`2026-11-25T${String(h).padStart(2, '0')}:00:00.000Z`, a, completions[h], open)
  })
}

describe('the backlog peak', () => {
  it('finds the peak, its build-up and when it cleared', () => {
    const points = prepareHourFlow(spikeDay())
    const peak = findBacklogPeak(points)!
    // Open at the end of 12:00 … 16:00: 21, 46, 76, 101, 121; then 96, 71, 46, 21, 1.
    expect(peak.backlog).toBe(121)
    expect(peak.hour).toBe('2026-11-25T16:00:00.000Z')
    expect(peak.endsAt).toBe('2026-11-25T17:00:00.000Z')
    expect(peak.clearedLevel).toBe(12)
    expect(peak.buildUpStart).toBe('2026-11-25T12:00:00.000Z')
    expect(peak.buildUpHours).toBe(5)
    expect(peak.buildUpArrivals).toBe(220)
    expect(peak.buildUpCompletions).toBe(100)
    expect(peak.buildUpMaxArrivals).toBe(50)
    expect(peak.typicalArrivals).toBe(5)
    expect(peak.clearedAt).toBe('2026-11-25T22:00:00.000Z')
    expect(backlogStory(peak, 0, '2026-12-03T13:45:00.000Z')).toBe(
      'The backlog peaked at 121 open items on Wed, Nov 25 at 17:00 UTC. From 12:00 UTC, 220 items arrived in 5 hours (up to 50 an hour, against a typical 5 an hour) while 100 were reviewed. It was back to 12 or fewer by Wed, Nov 25 at 22:00 UTC.',
    )
  })
  it('says so when the backlog has not cleared, and when there never was one', () => {
    const points = prepareHourFlow(spikeDay().slice(0, 17))
    const peak = findBacklogPeak(points)!
    expect(peak.clearedAt).toBeNull()
    expect(backlogStory(peak, 121, '2026-11-25T16:30:00.000Z')).toContain('It has not come back down to 12 or fewer yet: 121 open at Nov 25, 16:30 UTC.')
    expect(findBacklogPeak(prepareHourFlow([hour('2026-11-25T01:00:00.000Z', 1, 1, 0)]))).toBeNull()
    expect(backlogStory(null, 0, '2026-12-03T13:45:00.000Z')).toMatch(/^No backlog built up/)
  })
  it('closes in on the hours around the peak', () => {
    const points = prepareHourFlow(spikeDay())
    const near = peakWindow(points, findBacklogPeak(points), 2)
    expect(near.map((p) => p.hour.slice(11, 13))).toEqual(['14', '15', '16', '17', '18'])
    expect(peakWindow(points, null)).toHaveLength(points.length)
  })
})

describe('waits and the SLA', () => {
  it('gives each day’s percentiles for a log axis (zero and missing are gaps) and its SLA counts', () => {
    const days = [day('2026-11-25', { wait_ms: { p50: 0, p90: 4 * HOUR, p99: null }, met: 292, breached: 170, sla_attainment: 0.632 })]
    // A median wait of 0 (picked up at once) sits on the log axis' floor; the tooltip keeps the 0.
    const waits = prepareWaitSeries(days)
    expect(waits).toEqual([{ date: '2026-11-25', label: 'Nov 25', p50: 1000, p90: 4 * HOUR, p99: null, p50Ms: 0, p90Ms: 4 * HOUR, p99Ms: null }])
    expect(hasFlooredWaits(waits)).toBe(true)
    expect(waitTickLabel(1000, true)).toBe('≤ 1 s')
    expect(waitTickLabel(1000, false)).toBe('1 s')
    expect(formatSecondsTick(80_000)).toBe('80 s')
    expect(formatSecondsTick(20 * MIN)).toBe('20 min')
    expect(prepareSlaSeries(days)).toEqual([{ date: '2026-11-25', label: 'Nov 25', met: 292, breached: 170, pending: 0, attainment: 63.2 }])
  })
  it('draws one line per distinct SLA, naming the queues when they differ', () => {
    expect(slaLines([queue('a', 'a'), queue('b', 'b')])).toEqual([{ minutes: 240, ms: 4 * HOUR, label: 'SLA 4 h', queues: ['a', 'b'] }])
    expect(slaLegend(slaLines([queue('a', 'a'), queue('b', 'b')]))).toBeNull()
    const two = slaLines([queue('a', 'a'), queue('fraud', 'fraud', { sla_minutes: 60 }), queue('c', 'c')])
    expect(two.map((l) => l.label)).toEqual(['SLA 1 h', 'SLA 4 h'])
    expect(slaLegend(two)).toBe('SLA 1 h: fraud; 4 h: a, c')
    expect(slaLines([])).toEqual([])
  })
  it('places the percentiles on one log axis, a label that would overlap its neighbour on the second row', () => {
    const strip = preparePercentileStrip({ p50: 10 * MIN, p90: 4 * HOUR, p99: 24 * HOUR }, { p50: 50_000, p90: 60_000, p99: 5 * MIN }, slaLines([queue('a', 'a')]))
    expect(strip.ticks.map((t) => t.label)).toEqual(['10 s', '1 min', '10 min', '1 h', '4 h', '1 d'])
    expect(strip.ticks[0].position).toBe(0)
    expect(strip.ticks[strip.ticks.length - 1].position).toBe(100)
    const [wait, handle] = strip.rows
    expect(wait.markers.map((m) => [m.key, m.value, m.row, m.anchor])).toEqual([
      ['p50', '10 min', 0, 'middle'],
      ['p90', '4 h', 0, 'middle'],
      ['p99', '24 h', 0, 'end'],
    ])
    expect(wait.markers[2].position).toBe(100)
    expect(wait.slas).toEqual([{ label: 'SLA 4 h', position: wait.markers[1].position, anchor: 'middle', row: 0 }])
    expect(strip.ticks[0].anchor).toBe('start')
    // 50 s and 60 s sit 2 % apart: the second label goes a row down.
    expect(handle.markers.map((m) => m.row)).toEqual([0, 1, 0])
  })
  it('draws the distribution behind each track as density on the log axis, waits below 0 counted apart', () => {
    const bin = (from_ms: number | null, to_ms: number | null, items: number) => ({ from_ms, to_ms, items })
    const strip = preparePercentileStrip({ p50: 10 * MIN, p90: 4 * HOUR, p99: 24 * HOUR }, { p50: 50_000, p90: 60_000, p99: 5 * MIN }, [], {
      wait_ms: [bin(null, 0, 3), bin(0, MIN, 0), bin(10 * MIN, 15 * MIN, 10), bin(HOUR, 2 * HOUR, 20)],
      handle_ms: [bin(30_000, MIN, 5), bin(HOUR, null, 1)],
    })
    const [wait, handle] = strip.rows
    expect(wait.belowAxis).toBe(3)
    expect(wait.bars.map((b) => b.title)).toEqual(['10 min–15 min: 10 items', '1 h–2 h: 20 items'])
    const [short, long] = wait.bars
    // Twice the items over more than twice the width (log scale): the 1–2 h bin is denser.
    expect(long.height).toBe(100)
    expect(short.height).toBeCloseTo((10 / short.width / (20 / long.width)) * 100, 0)
    expect(short.left).toBe(wait.markers[0].position) // the p50 (10 min) at the bin's lower edge
    // The open-ended last handle bin reaches the end of the axis; the axis still ends at 1 d.
    expect(handle.bars[1]).toMatchObject({ title: '1 h or more: 1 item' })
    expect(handle.bars[1].left + handle.bars[1].width).toBeCloseTo(100, 6)
    expect(strip.ticks[strip.ticks.length - 1].label).toBe('1 d')
    // A bin past the percentiles widens the axis to show it.
    const wide = preparePercentileStrip({ p50: MIN, p90: 2 * MIN, p99: 5 * MIN }, { p50: null, p90: null, p99: null }, [], { wait_ms: [bin(1440 * MIN, 2880 * MIN, 2)], handle_ms: [] })
    expect(wide.ticks[wide.ticks.length - 1].ms).toBeGreaterThanOrEqual(2880 * MIN)
  })
  it('tells the SLA in a sentence: against the target, the worst queue and day', () => {
    const days = [
      day('2026-11-21', { met: 80, breached: 48, sla_attainment: 0.625 }),
      day('2026-11-25', { met: 292, breached: 170, sla_attainment: 0.632 }),
      day('2026-11-26', { met: 10, breached: 0, sla_attainment: 1 }),
    ]
    const data = response({ queues: [queue('fraud-detector', 'fraud-detector', { sla_attainment: 0.9 }), queue('content-moderation', 'content-moderation', { sla_attainment: 0.861 })] })
    expect(slaStory(data, days, 0.9)).toBe(
      '88.7% of items started review within their SLA, below the 90% target: 315 of 2,795 breached. The worst queue content-moderation (SLA 4 h) at 86.1%; the worst day Sat, Nov 21 at 62.5% (48 breached).',
    )
    expect(slaStory(response({ queues: [queue('a', 'a')] }), [], 0.8)).toBe('88.7% of items started review within their SLA, meeting the 80% target: 315 of 2,795 breached.')
    expect(slaStory(response({ met: 0, breached: 0, pending: 4, sla_attainment: null }), [], 0.9)).toBe(
      'No escalated item has met or breached its SLA in this view yet (4 pending, still within it).',
    )
  })
  it('lists the queues worst first, then by breaches', () => {
    const rows = prepareQueueRows([
      queue('a', 'a', { sla_attainment: 0.95, breached: 5 }),
      queue('b', '', { sla_attainment: null, met: 0, breached: 0, pending: 3 }),
      queue('c', 'c', { sla_attainment: 0.8, breached: 20, sla_minutes: 60 }),
    ])
    expect(rows.map((r) => r.model)).toEqual(['c', 'a', 'b'])
    expect(rows[0].sla).toBe('1 h')
    expect(rows[2].queue).toBe('(no queue)')
    expect(rows[2].queueRaw).toBe('')
  })
})

describe('reviewers', () => {
  const team = [
    reviewer('r02-bob', { reviews: 260, reviews_per_active_hour: 3.2 }),
    reviewer('r10-judy', { reviews: 110, reviews_per_active_hour: null, shift_share: null }),
    reviewer('r01-alice', { reviews: 130, reviews_per_active_hour: 2.4, handle_ms: { p50: 56_000, p90: 121_000 } }),
  ]
  it('sorts by any column, missing figures last, ties by name', () => {
    const rows = prepareReviewerRows(team)
    expect(sortReviewerRows(rows, 'reviews', 'desc').map((r) => r.reviewer.reviewer_id)).toEqual(['r02-bob', 'r01-alice', 'r10-judy'])
    expect(sortReviewerRows(rows, 'reviews_per_active_hour', 'asc').map((r) => r.reviewer.reviewer_id)).toEqual(['r01-alice', 'r02-bob', 'r10-judy'])
    expect(sortReviewerRows(rows, 'shift_share', 'desc').map((r) => r.reviewer.reviewer_id)).toEqual(['r01-alice', 'r02-bob', 'r10-judy'])
    expect(sortReviewerRows(rows, 'reviewer_id', 'asc').map((r) => r.reviewer.reviewer_id)).toEqual(['r01-alice', 'r02-bob', 'r10-judy'])
    expect(sortReviewerRows(rows, 'handle_p50', 'desc')[0].reviewer.reviewer_id).toBe('r01-alice')
    expect(rows[0].reviewsShare).toBe(1)
    expect(rows[1].reviewsShare).toBeCloseTo(110 / 260)
  })
  it('sums the team up and names the busiest', () => {
    expect(reviewerSummary(team)).toBe('Team median 2.8 reviews per active hour, handle p50 50 s. Busiest: r02-bob, 260 reviews (3.2 per active hour).')
    expect(reviewerSummary([team[0]])).toBe('Reviewer: r02-bob, 260 reviews (3.2 per active hour).')
    expect(reviewerSummary([])).toBe('No reviews in this view.')
  })
  it('writes the table as shown to CSV, unformatted', () => {
    const data = response({ filters: { ...filters, reviewer_id: 'r02-bob' } })
    const csv = reviewersCsv(data, sortReviewerRows(prepareReviewerRows(team), 'reviews', 'desc'))
    expect(csv.fileName).toBe('workload-reviewers-reviewer-r02-bob-all-models-2026-11-04-2026-12-03')
    expect(csv.header).toEqual(['reviewer_id', 'reviews', 'reviews_per_active_hour', 'active_hours', 'handle_ms_p50', 'handle_ms_p90', 'shift_share'])
    expect(toCsv(csv.header, csv.rows).split('\r\n')[1]).toBe('r02-bob,260,3.2,50,50000,120000,0.4')
    expect(csv.rows[2]).toEqual(['r10-judy', 110, null, 50, 50000, 120000, null])
  })
})

describe('fatigue by hour into the shift', () => {
  const hours = [
    { hour_into_shift: 0, reviews: 600, mean_handle_ms: 60_000, agreement_rate: 0.75 },
    { hour_into_shift: 1, reviews: 400, mean_handle_ms: 65_000, agreement_rate: 0.74 },
    { hour_into_shift: 2, reviews: 20, mean_handle_ms: 90_000, agreement_rate: 0.5 },
    { hour_into_shift: 3, reviews: 350, mean_handle_ms: 75_000, agreement_rate: 0.72 },
    { hour_into_shift: 4, reviews: 250, mean_handle_ms: 80_000, agreement_rate: 0.7 },
    { hour_into_shift: 9, reviews: 1, mean_handle_ms: 17_000, agreement_rate: 1 },
    { hour_into_shift: 17, reviews: 30, mean_handle_ms: 50_000, agreement_rate: 0.7 },
  ]
  it('keeps the hours with enough reviews, a thin hour between as a gap, and counts what is left out', () => {
    const { points, leftOut, total } = prepareShiftHours(hours)
    // 2 % of 1,651 reviews is 33: hours 2, 9 and 17 have fewer.
    expect(points.map((p) => [p.label, p.reviews, p.meanHandle, p.agreement])).toEqual([
      ['1', 600, 60_000, 75],
      ['2', 400, 65_000, 74],
      ['3', 20, null, null],
      ['4', 350, 75_000, 72],
      ['5', 250, 80_000, 70],
    ])
    expect(leftOut).toBe(31)
    expect(total).toBe(1651)
    expect(prepareShiftHours([]).points).toEqual([])
  })
  it('compares the first two hours with the last two in words', () => {
    const { points } = prepareShiftHours(hours)
    // Early: (600·60 + 400·65) / 1000 = 62 s, agreement 74.6 %; late: (350·75 + 250·80) / 600 = 77.08 s, 71.17 %.
    expect(fatigueSummary(points)).toBe(
      'In hours 4–5 of a shift, reviews take 1 min 17 s on average against 1 min 2 s in hours 1–2 (+24%), and agree with the model 71.2% of the time against 74.6%.',
    )
    expect(fatigueSummary(points.slice(0, 3))).toBeNull()
  })
})

describe('staffing', () => {
  it('says how many reviewers tomorrow needs, the short hours as ranges and what is missing', () => {
    const view = prepareStaffing(staffing(), '2026-12-03T13:45:00.000Z')
    expect(view.tomorrow).toBe(true)
    expect(view.dayLabel).toBe('Fri, Dec 4, 2026')
    expect(view.shortRanges).toEqual(['12:00–15:00 UTC', '23:00–24:00 UTC'])
    expect(view.missingReviewerHours).toBe(4)
    expect(view.headline).toBe(
      'Tomorrow, Fri, Dec 4, 2026: 32 reviewer-hours needed against 48 staffed — short in 4 hours (12:00–15:00 UTC, 23:00–24:00 UTC), 4 reviewer-hours missing.',
    )
    expect(view.points[12]).toMatchObject({ label: '12:00', needed: 3, staffed: 2, short: true, gap: 1 })
    expect(view.basis).toContain('same weekday in the 28 days before')
  })
  it('does not call a day after a past range tomorrow, and says when no hour is short or nothing can be planned', () => {
    const fine = staffing({ short_hours: 0, hours: staffing().hours.map((h) => ({ ...h, reviewers_needed: 1, short: false })), reviewers_needed_total: 24 })
    const view = prepareStaffing(fine, '2026-11-20T00:00:00.000Z')
    expect(view.tomorrow).toBe(false)
    expect(view.headline).toBe('Fri, Dec 4, 2026: 24 reviewer-hours needed against 48 staffed — enough in every hour.')
    const unknown = prepareStaffing(staffing({ reviewers_needed_total: null, mean_handle_ms: null }), '2026-12-03T10:00:00.000Z')
    expect(unknown.headline).toContain('no handle time in the range to plan from')
  })
  it('reads runs of short hours', () => {
    const points = prepareStaffing(staffing(), '2026-12-03T00:00:00.000Z').points.map((p) => ({ ...p, short: p.hour < 2 || p.hour === 5 }))
    expect(shortHourRanges(points)).toEqual(['00:00–02:00 UTC', '05:00–06:00 UTC'])
  })
  it('lists the figures behind the plan', () => {
    const facts = Object.fromEntries(staffingFacts(staffing()).map((f) => [f.id, f.value]))
    expect(facts).toEqual({ expected: '160', handle: '1 min', reviewer_hours: '3.1 h', target: '90% within 4 h', utilization: '41.0%' })
  })
  it('writes the hours to CSV with the forecast day', () => {
    const csv = staffingCsv(filters, staffing())
    expect(csv.fileName).toBe('workload-staffing-2026-12-04-all-models-2026-11-04-2026-12-03')
    expect(csv.rows[12]).toEqual(['2026-12-04', 12, 15, 3, 2, true])
  })
})

describe('CSV names', () => {
  it('carries the reviewer and queue of the view', () => {
    expect(workloadCsvName({ ...filters, model: 'fraud-detector', queue: 'kyc' }, 'sla per queue')).toBe('workload-sla-per-queue-queue-kyc-fraud-detector-2026-11-04-2026-12-03')
    const csv = daysCsv(filters, [day('2026-11-25', { arrivals: 462, completions: 379, backlog: 85, sla_attainment: 0.632 })])
    expect(csv.rows[0].slice(0, 4)).toEqual(['2026-11-25', 462, 379, 85])
  })
})
