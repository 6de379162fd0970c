import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@/lib/clickhouse'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { mulberry32 } from '@/test/prng'
import { getOverview } from '@/analytics/overview/overview'
import { getWorkload } from './workload'
import type { CapacityEntry } from '@/lib/capacity/capacity.schema'
import { HANDLE_EDGES_MS, slaLookup, slaMinutes, WAIT_EDGES_MS } from './workload.compute'
import { referenceWorkload, type WireEvent, type WirePrediction, type WireReview } from './workload.reference'

let ch: ClickHouse
let cleanup: () => Promise<void>

const t = (iso: string) => Date.parse(iso)
const HOUR = 3_600_000
const MIN = 60_000

// The hand-computed scenario: model w1, the day 2026-11-02 (UTC), SLA 4 h, queue "fast" 30 min.
const FROM = '2026-11-02T00:00:00Z'
const TO = '2026-11-03T00:00:00Z'
const pred = (id: string, item: string, ts: string, route: 'review' | 'audit' | 'auto' = 'review'): WirePrediction => ({
  type: 'prediction', event_id: id, ts: t(ts), model: 'w1', item_id: item, route, predicted_label: 'x', confidence: 0.6, propensity: route === 'auto' ? 0 : 1,
})
const rev = (id: string, item: string, ts: string, reviewer: string, queue: string, timing: { started_at?: string; duration_ms?: number } = {}): WireReview => ({
  type: 'review', event_id: id, ts: t(ts), model: 'w1', item_id: item, reviewer_id: reviewer, label: 'x', queue,
  ...(timing.started_at ? { started_at: t(timing.started_at) } : {}),
  ...(timing.duration_ms !== undefined ? { duration_ms: timing.duration_ms } : {}),
})
const HAND: WireEvent[] = [
  // A: waits 1 h (started 09:00), handle 1 h (ts − started_at): met.
  pred('pA', 'A', '2026-11-02T08:00:00Z'), rev('rA', 'A', '2026-11-02T10:00:00Z', 'r1', 'q1', { started_at: '2026-11-02T09:00:00Z' }),
  // B: no started_at, 30 min handle: started 12:00, a wait of exactly the SLA (4 h): met.
  pred('pB', 'B', '2026-11-02T08:00:00Z'), rev('rB', 'B', '2026-11-02T12:30:00Z', 'r2', 'q1', { duration_ms: 30 * MIN }),
  // C: neither: started at its ts 14:00, 5 h: breached; no handle time.
  pred('pC', 'C', '2026-11-02T09:00:00Z'), rev('rC', 'C', '2026-11-02T14:00:00Z', 'r1', 'q1'),
  // D: open 3 h at the end of the range: pending. E: open 14 h: breached.
  pred('pD', 'D', '2026-11-02T21:00:00Z'), pred('pE', 'E', '2026-11-02T10:00:00Z', 'audit'),
  // F: auto, not escalated.
  pred('pF', 'F', '2026-11-02T11:00:00Z', 'auto'),
  // G: predicted before the range, reviewed at 01:00: open when the range starts.
  pred('pG', 'G', '2026-11-01T23:00:00Z'), rev('rG', 'G', '2026-11-02T01:00:00Z', 'r3', 'q1', { duration_ms: MIN }),
  // H: reviewed after the range (02:00, 10 min): open 9 h at its end, breached; waited 10 h 50 min.
  pred('pH', 'H', '2026-11-02T15:00:00Z'), rev('rH', 'H', '2026-11-03T02:00:00Z', 'r3', 'q2', { duration_ms: 10 * MIN }),
  // I: queue "fast" (30 min): started 16:20, a 20 min wait: met; handle 20 min.
  pred('pI', 'I', '2026-11-02T16:00:00Z'), rev('rI', 'I', '2026-11-02T16:40:00Z', 'r2', 'fast', { started_at: '2026-11-02T16:20:00Z' }),
  // J: re-scored after its review: the latest prediction (17:00) comes after the first review (16:30, 1 min): a wait of −31 min, met.
  pred('pJ1', 'J', '2026-11-02T16:00:00Z'), rev('rJ', 'J', '2026-11-02T16:30:00Z', 'r1', 'q1', { duration_ms: MIN }), pred('pJ2', 'J', '2026-11-02T17:00:00Z'),
]
// Shifts across midnight and after a gap (model ws, 10–11 October): each review handled 10 minutes.
// n1 completes at 22:10, 23:30, 01:15 and 03:40 (one night shift, 22:00–04:00), then at 08:05
// after 4 idle hours (a shift of its own); n2 at 03:40 and 07:05 (3 idle hours: one shift).
const SHIFT_REVIEWS: Array<[string, string]> = [
  ['n1', '2026-10-10T22:10:00Z'], ['n1', '2026-10-10T23:30:00Z'], ['n1', '2026-10-11T01:15:00Z'], ['n1', '2026-10-11T03:40:00Z'], ['n1', '2026-10-11T08:05:00Z'],
  ['n2', '2026-10-11T03:40:00Z'], ['n2', '2026-10-11T07:05:00Z'],
]
const SHIFTS: WireEvent[] = SHIFT_REVIEWS.flatMap(([reviewer, ts], i) => [
  { ...pred(`ps${i}`, `s${i}`, '2026-10-10T20:00:00Z'), model: 'ws' },
  { ...rev(`rs${i}`, `s${i}`, ts, reviewer, 'q1', { duration_ms: 10 * MIN }), model: 'ws' },
])
/** A capacity entry with the SPEC defaults but for the given fields. */
const entry = (fields: Partial<CapacityEntry> & { queue: string }): CapacityEntry => ({
  model: null, slaMinutes: 240, slaTarget: 0.9, targetOccupancy: 0.85, staffed: Array<number>(24).fill(0), ...fields,
})
const FAST: CapacityEntry[] = [entry({ queue: 'fast', slaMinutes: 30 })]
const AFTER = t('2026-11-05T00:00:00Z')

/** Random escalations around a week: re-scores, reviews with and without started_at and duration, several reviewers, late reviews. */
function randomEvents(seed: number, items: number): WireEvent[] {
  const random = mulberry32(seed)
  const events: WireEvent[] = []
  const start = t('2026-12-01T00:00:00Z')
  let counter = 0
  const uniqueTs = (ms: number) => Math.floor(ms / 4096) * 4096 + (counter++ % 4096)
  for (let i = 0; i < items; i++) {
    const model = random() < 0.6 ? 'wa' : 'wb'
    const item = `i${i}`
    const ts = uniqueTs(start - 2 * 86_400_000 + random() * 10 * 86_400_000)
    const route = random() < 0.4 ? 'auto' : random() < 0.8 ? 'review' : 'audit'
    const segment = random() < 0.5 ? 'eu' : 'us'
    events.push({ type: 'prediction', event_id: `p${i}`, ts, model, item_id: item, segment, route, predicted_label: 'a', confidence: random(), propensity: route === 'auto' ? 0 : 1 })
    if (random() < 0.1) {
      events.push({ type: 'prediction', event_id: `p${i}b`, ts: uniqueTs(ts + random() * 8 * HOUR), model, item_id: item, segment, route: random() < 0.5 ? 'review' : 'auto', predicted_label: 'b', confidence: random(), propensity: 1 })
    }
    const reviewsOf = route === 'auto' ? (random() < 0.1 ? 1 : 0) : random() < 0.15 ? 0 : 1 + Math.floor(random() * 3)
    for (let k = 0; k < reviewsOf; k++) {
      const done = uniqueTs(ts + random() * 9 * HOUR - (random() < 0.05 ? 2 * HOUR : 0))
      const handle = Math.floor(random() * 20 * MIN)
      const kind = random()
      events.push({
        type: 'review', event_id: `r${i}-${k}`, ts: done, model, item_id: item, reviewer_id: `rv${Math.floor(random() * 5)}`, label: 'a',
        queue: random() < 0.7 ? 'main' : random() < 0.5 ? 'fast' : '',
        ...(kind < 0.4 ? { started_at: done - handle } : kind < 0.8 ? { duration_ms: handle } : {}),
      })
    }
  }
  return events
}

const RANDOM = randomEvents(11, 1500)
const RANDOM_ENTRIES: CapacityEntry[] = [
  entry({ queue: '', slaMinutes: 180 }),
  entry({ queue: 'fast', slaMinutes: 45 }),
  entry({ queue: 'main', model: 'wb', slaMinutes: 120 }),
  entry({ queue: '', model: 'wa', slaMinutes: 300 }),
]

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('workload'))
  await ingestForTest(ch, [...HAND, ...SHIFTS, ...RANDOM])
})
afterAll(() => cleanup())

describe('workload on hand-computed items', () => {
  it('counts the SLA, the waits and handle times, and the backlog exactly as SPEC §3.3 defines them', async () => {
    const w = await getWorkload(ch, { model: 'w1', from: t(FROM), to: t(TO) }, AFTER, FAST)
    expect(w.measured_at).toBe('2026-11-03T00:00:00.000Z')
    expect(w.escalated).toBe(8) // A B C D E H I J (F is auto, G before the range)
    expect(w.reviewed).toBe(6)
    expect({ met: w.met, breached: w.breached, pending: w.pending }).toEqual({ met: 4, breached: 3, pending: 1 })
    expect(w.sla_attainment).toBeCloseTo(4 / 7, 12)
    // Waits −31 min, 20 min, 1 h, 4 h, 5 h, 10 h 50 min: type-7 percentiles by hand.
    expect(w.wait_ms).toEqual({ p50: 9.0e6, p90: 18e6 + 0.5 * 21e6, p99: 18e6 + 0.95 * 21e6 })
    // Handle times of the first reviews: 1 min, 10 min, 20 min, 30 min, 1 h (C has none).
    expect(w.handle_ms.p50).toBe(20 * MIN)
    expect(w.handle_ms.p90).toBeCloseTo(1.8e6 + 0.6 * 1.8e6, 6)
    expect(w.handle_ms.p99).toBeCloseTo(1.8e6 + 0.96 * 1.8e6, 6)
    // The same waits and handle times in the histograms' bins.
    const bins = (list: { from_ms: number | null; to_ms: number | null; items: number }[]) => list.filter((b) => b.items > 0).map((b) => [b.from_ms, b.to_ms, b.items])
    expect(bins(w.distributions.wait_ms)).toEqual([
      [null, 0, 1], // −31 min
      [15 * MIN, 30 * MIN, 1],
      [HOUR, 2 * HOUR, 1],
      [4 * HOUR, 8 * HOUR, 2], // 4 h and 5 h
      [8 * HOUR, 12 * HOUR, 1],
    ])
    expect(bins(w.distributions.handle_ms)).toEqual([
      [MIN, 2 * MIN, 1],
      [10 * MIN, 20 * MIN, 1],
      [20 * MIN, 30 * MIN, 1],
      [30 * MIN, HOUR, 1],
      [HOUR, null, 1],
    ])
    // Open at the end: D, E and H (reviewed only after the range).
    expect(w.backlog).toBe(3)
    expect(w.hourly).toHaveLength(24)
    // G is open when the range starts and closes at 01:00: the first hour ends with it open.
    expect(w.hourly.slice(0, 3).map((h) => h.backlog)).toEqual([1, 0, 0])
    expect(w.hourly[8]).toMatchObject({ hour: '2026-11-02T08:00:00.000Z', arrivals: 2, completions: 0, backlog: 2 })
    expect(w.series).toEqual([
      expect.objectContaining({ date: '2026-11-02', arrivals: 8, completions: 6, backlog: 3, met: 4, breached: 3, pending: 1 }),
    ])
    expect(w.queues).toEqual([
      expect.objectContaining({ model: 'w1', queue: '', sla_minutes: 240, escalated: 2, met: 0, breached: 1, pending: 1 }),
      expect.objectContaining({ model: 'w1', queue: 'fast', sla_minutes: 30, escalated: 1, met: 1, breached: 0, pending: 0 }),
      expect.objectContaining({ model: 'w1', queue: 'q1', sla_minutes: 240, escalated: 4, met: 3, breached: 1, pending: 0, sla_attainment: 0.75 }),
      expect.objectContaining({ model: 'w1', queue: 'q2', escalated: 1, met: 0, breached: 1 }),
    ])
    // Shifts, by the clock hours of completed reviews (a gap of 4 idle hours ends one): r1 active at
    // 10, 14 and 16 h: one shift 10:00–17:00, 61 min handled; r2 at 12 and 16 h: 12:00–17:00, 50 min;
    // r3 at 01 h: 01:00–02:00, 1 min.
    expect(w.reviewers).toEqual([
      { reviewer_id: 'r1', reviews: 3, reviews_per_active_hour: 1, active_hours: 3, handle_ms: { p50: (3.6e6 + 6e4) / 2, p90: expect.closeTo(6e4 + 0.9 * 3.54e6, 3) }, shift_share: expect.closeTo(61 / 420, 12) },
      { reviewer_id: 'r2', reviews: 2, reviews_per_active_hour: 1, active_hours: 2, handle_ms: { p50: 1.5e6, p90: expect.closeTo(1.2e6 + 0.9 * 0.6e6, 3) }, shift_share: expect.closeTo(50 / 300, 12) },
      { reviewer_id: 'r3', reviews: 1, reviews_per_active_hour: 1, active_hours: 1, handle_ms: { p50: 6e4, p90: 6e4 }, shift_share: expect.closeTo(1 / 60, 12) },
    ])
    // By hour into the shift: A, B, G in the first; C (no handle time) and I in the fifth; J in the seventh.
    expect(w.shift_hours).toEqual([
      { hour_into_shift: 0, reviews: 3, mean_handle_ms: expect.closeTo((91 * MIN) / 3, 6), agreement_rate: 1 },
      { hour_into_shift: 4, reviews: 2, mean_handle_ms: 20 * MIN, agreement_rate: 1 },
      { hour_into_shift: 6, reviews: 1, mean_handle_ms: MIN, agreement_rate: 1 },
    ])
  })

  it('keeps a night shift across midnight whole and starts a new shift after 4 idle hours', async () => {
    const w = await getWorkload(ch, { model: 'ws', from: t('2026-10-10T00:00:00Z'), to: t('2026-10-12T00:00:00Z') }, AFTER, [])
    // n1: 22:00–04:00 (6 h) and 08:00–09:00 (1 h), 50 min handled; n2: 03:00–08:00 (5 h), 20 min.
    expect(w.reviewers.map((r) => [r.reviewer_id, r.reviews, r.active_hours, r.shift_share])).toEqual([
      ['n1', 5, 5, expect.closeTo(50 / 420, 12)],
      ['n2', 2, 2, expect.closeTo(20 / 300, 12)],
    ])
    // Hours into the shift: n1 0, 1, 3, 5 and 0 again; n2 0 and 4.
    expect(w.shift_hours.map((h) => [h.hour_into_shift, h.reviews])).toEqual([[0, 3], [1, 1], [3, 1], [4, 1], [5, 1]])
  })

  it('measures at now when the range reaches past it: what was within its SLA then is pending', async () => {
    const now = t('2026-11-02T18:00:00Z')
    const w = await getWorkload(ch, { model: 'w1', from: t(FROM), to: t(TO) }, now, FAST)
    expect(w.measured_at).toBe('2026-11-02T18:00:00.000Z')
    // H (15:00) is open 3 h at 18:00: pending. E (10:00) open 8 h: breached. C reviewed at 14:00: breached.
    expect({ met: w.met, breached: w.breached }).toEqual({ met: 4, breached: 2 })
    expect(w.hourly.filter((h) => h.backlog !== null)).toHaveLength(18)
    expect(w.series[0].backlog).toBe(w.backlog)
  })

  it('selects items by their first review under a queue or reviewer filter', async () => {
    const q1 = await getWorkload(ch, { model: 'w1', from: t(FROM), to: t(TO), queue: 'q1' }, AFTER, FAST)
    expect(q1.escalated).toBe(4) // A B C J
    expect(q1.reviewers.map((r) => r.reviewer_id)).toEqual(['r1', 'r2', 'r3'])
    const r2 = await getWorkload(ch, { model: 'w1', from: t(FROM), to: t(TO), reviewer_id: 'r2' }, AFTER, FAST)
    expect(r2.escalated).toBe(2) // B and I
    expect(r2.met).toBe(2)
    expect(r2.reviewers.map((r) => r.reviewer_id)).toEqual(['r2'])
  })

  it('plans the next day from the escalations of the days before it, when capacity is configured', async () => {
    const staffed = Array.from({ length: 24 }, (_, h) => (h === 8 ? 2 : 0))
    const w = await getWorkload(ch, { model: 'w1', from: t(FROM), to: t(TO) }, AFTER, [entry({ queue: '', staffed }), ...FAST])
    const staffing = w.staffing!
    expect(staffing.forecast_date).toBe('2026-11-03')
    // History: 1 and 2 November (the data begins on the 1st). G at 23:00 on the 1st; A–J on the 2nd.
    expect(staffing.history_days).toBe(2)
    expect(staffing.basis).toBe('every_day')
    expect(staffing.hours[8]).toMatchObject({ expected_escalations: 1, reviewers_staffed: 2 }) // A and B over 2 days
    expect(staffing.hours[23].expected_escalations).toBe(0.5)
    expect(staffing.expected_escalations).toBe(4.5)
    // The mean handle time of the range's first reviews: 1, 10, 20, 30 and 60 minutes.
    expect(staffing.mean_handle_ms).toBeCloseTo((1 + 10 + 20 + 30 + 60) * MIN / 5, 6)
    // Handle time of the counted reviews in the range (r1 61 min, r2 50 min, r3 1 min) over the 2 staffed hours.
    expect(staffing.utilization).toBeCloseTo((61 + 50 + 1) / 120, 9)
    expect((await getWorkload(ch, { model: 'w1', from: t(FROM), to: t(TO) }, AFTER, [])).staffing).toBeNull()
  })

  it('has the backlog of the Overview for the same filters', async () => {
    for (const now of [AFTER, t('2026-11-02T18:00:00Z')]) {
      const input = { model: 'w1', from: t(FROM), to: t(TO) }
      expect((await getWorkload(ch, input, now)).backlog).toBe((await getOverview(ch, input, now)).backlog)
    }
  })
})

describe('workload on random data, against the plain reference implementation', () => {
  const cases = [
    { from: t('2026-12-01T00:00:00Z'), to: t('2026-12-06T00:00:00Z') },
    { from: t('2026-12-01T06:30:00Z'), to: t('2026-12-04T13:00:00Z'), model: 'wa' },
    { from: t('2026-12-02T00:00:00Z'), to: t('2026-12-09T00:00:00Z'), segment: 'eu' },
    { from: t('2026-12-01T00:00:00Z'), to: t('2026-12-08T00:00:00Z'), queue: 'main' },
    { from: t('2026-12-01T00:00:00Z'), to: t('2026-12-08T00:00:00Z'), reviewer_id: 'rv2', model: 'wb' },
  ]
  const nows = [t('2027-01-01T00:00:00Z'), t('2026-12-03T15:20:00Z')]
  const lookup = slaLookup(RANDOM_ENTRIES)

  it('matches every figure, per queue and per reviewer, and the backlog hour by hour', async () => {
    for (const input of cases) {
      for (const now of nows) {
        const label = `${JSON.stringify(input)} now=${new Date(now).toISOString()}`
        const w = await getWorkload(ch, input, now, RANDOM_ENTRIES)
        const end = Math.min(input.to, now)
        const ref = referenceWorkload([...HAND, ...RANDOM], { ...input, end, slaMinutes: (model, queue) => slaMinutes(lookup, model, queue) })
        expect({ escalated: w.escalated, reviewed: w.reviewed, met: w.met, breached: w.breached, pending: w.pending }, label).toEqual({
          escalated: ref.escalated, reviewed: ref.reviewed, met: ref.met, breached: ref.breached, pending: ref.pending,
        })
        expect(w.escalated, label).toBeGreaterThan(0)
        for (const field of ['wait_ms', 'handle_ms'] as const) {
          for (const p of ['p50', 'p90', 'p99'] as const) expect(w[field][p], `${label} ${field}.${p}`).toBeCloseTo(ref[field][p] ?? NaN, 3)
        }
        // Histograms: the reference's values binned by a plain scan of the edges.
        const binned = (values: number[], edges: readonly number[]) =>
          edges.map((lower, i) => values.filter((v) => (i === 0 || v >= lower) && (i === edges.length - 1 || v < edges[i + 1])).length)
        expect(w.distributions.wait_ms.map((b) => b.items), label).toEqual(binned(ref.waits, WAIT_EDGES_MS))
        expect(w.distributions.handle_ms.map((b) => b.items), label).toEqual(binned(ref.handles, HANDLE_EDGES_MS))
        expect(w.backlog, label).toBe(ref.backlog)
        const hourly = new Map(w.hourly.filter((h) => h.backlog !== null).map((h) => [Date.parse(h.hour), h.backlog]))
        expect(hourly, label).toEqual(ref.hourlyBacklog)
        expect(new Map(w.queues.map((q) => [`${q.model}\t${q.queue}`, { escalated: q.escalated, met: q.met, breached: q.breached, pending: q.pending, p50: q.wait_ms.p50 }])), label).toEqual(
          new Map([...ref.queues].map(([k, q]) => [k, { escalated: q.escalated, met: q.met, breached: q.breached, pending: q.pending, p50: q.wait_ms.p50 }])),
        )
        expect(
          new Map(w.reviewers.map((r) => [r.reviewer_id, { reviews: r.reviews, active_hours: r.active_hours, handle_p50: r.handle_ms.p50, handle_p90: r.handle_ms.p90 }])),
          label,
        ).toEqual(ref.reviewers)
      }
    }
  })
})
