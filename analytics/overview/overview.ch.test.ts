import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@/lib/clickhouse'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { MS_PER_DAY, MS_PER_HOUR } from '@/analytics/shared/time'
import {
  countedReviews,
  firstDifference,
  generateEvents,
  itemKey,
  latestPredictions,
  RANDOM_FROM,
  RANDOM_TO,
  referenceLabels,
  toApiEvents,
  utcDays,
  type Events,
  type ReferenceFilters,
} from '@/test/metrics-reference'
import { getOverview } from './overview'

let ch: ClickHouse
let cleanup: () => Promise<void>

const p = (id: string, item: string, ts: string, route: string, label: string, segment: string, extra: object = {}) => ({
  type: 'prediction', event_id: id, model: 'm1', item_id: item, ts, route, predicted_label: label, confidence: 0.5, segment,
  propensity: route === 'audit' ? 0.1 : undefined, ...extra,
})
const r = (id: string, item: string, ts: string, reviewer: string, label: string) => ({
  type: 'review', event_id: id, model: 'm1', item_id: item, ts, reviewer_id: reviewer, label,
})

// Hand-built scenario; the expected figures below are derived by hand in the comments.
const EVENTS = [
  p('p1', 'i1', '2026-11-01T10:00:00Z', 'auto', 'A', 's1'),
  p('p2a', 'i2', '2026-11-01T11:00:00Z', 'review', 'A', 's2'),
  p('p2b', 'i2', '2026-11-01T11:30:00Z', 'review', 'B', 's1'), // re-scored: the latest prediction counts
  p('p3', 'i3', '2026-11-01T12:00:00Z', 'audit', 'B', 's2'),
  p('p4', 'i4', '2026-11-02T08:00:00Z', 'review', 'A', 's2'), // never reviewed: open at the end
  p('p5', 'i5', '2026-11-02T09:00:00Z', 'auto', 'A', 's1'),
  p('p6', 'i6', '2026-10-31T23:00:00Z', 'review', 'B', 's1'), // before the range, reviewed inside it
  p('p7', 'i7', '2026-10-31T22:00:00Z', 'review', 'B', 's1'), // before the range, still open
  { ...p('q1', 'i1', '2026-11-02T05:00:00Z', 'auto', 'A', 's2'), model: 'm2' },
  r('r1a', 'i2', '2026-11-01T12:00:00Z', 'r1', 'A'),
  r('r1b', 'i2', '2026-11-01T13:00:00Z', 'r1', 'B'), // r1 corrects: the latest (B) counts
  r('r2', 'i2', '2026-11-02T09:00:00Z', 'r2', 'A'),
  r('r3', 'i3', '2026-11-02T10:00:00Z', 'r1', 'B'),
  r('r6', 'i6', '2026-11-01T01:00:00Z', 'r3', 'B'),
  // m3: an item reviewed and then re-scored, in December (outside the other tests' windows).
  { ...p('m3a', 'i8', '2026-12-01T09:00:00Z', 'review', 'A', 's1'), model: 'm3' },
  { ...r('m3r', 'i8', '2026-12-01T10:00:00Z', 'r4', 'A'), model: 'm3' },
  { ...p('m3b', 'i8', '2026-12-02T01:00:00Z', 'review', 'B', 's1'), model: 'm3' },
  { type: 'outcome', event_id: 'o5', model: 'm1', item_id: 'i5', ts: '2026-11-02T20:00:00Z', true_label: 'A', source: 'gold' },
]

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('overview'))
  await ingestForTest(ch, EVENTS)
  await ingestForTest(ch, toApiEvents(RANDOM))
})
afterAll(() => cleanup())

const RANDOM = generateEvents(77, 300)

const window = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 3) }
const later = Date.UTC(2026, 10, 10)

describe('overview on chDB', () => {
  it('counts the latest predictions, counted reviews, labels and backlog', async () => {
    const o = await getOverview(ch, window, later)
    // Predictions in range: m1 i1 i2 i3 i4 i5 and m2 i1. Escalated: i2, i3, i4. Audited: i3.
    expect(o).toMatchObject({ predictions: 6, escalated: 3, escalation_rate: 0.5, audited: 1, automation_rate: 0.5 })
    // Reviews: r1 on i2 (B, agrees with the re-scored B), r2 on i2 (A, disagrees), r1 on i3 (agrees), r3 on i6 (agrees).
    expect(o).toMatchObject({ reviews: 4, agreement_rate: 0.75 })
    // Labeled: i2, i3 (reviews) and i5 (gold outcome).
    expect(o.labeled).toBe(3)
    // Open at the end: i7 (never reviewed) and i4.
    expect(o.backlog).toBe(2)
    expect(o.series.map((d) => d.date)).toEqual(['2026-11-01', '2026-11-02'])
    expect(o.series[0]).toMatchObject({ predictions: 3, escalated: 2, reviews: 2, agreement_rate: 1, labeled: 2, backlog: 2 })
    expect(o.series[1]).toMatchObject({ predictions: 3, escalated: 1, reviews: 2, agreement_rate: 0.5, labeled: 1, backlog: 2 })
    expect(o.models.map((m) => [m.model, m.predictions, m.backlog])).toEqual([
      ['m1', 5, 2],
      ['m2', 1, 0],
    ])
  })

  it('applies the segment filter to the latest prediction of each item', async () => {
    const o = await getOverview(ch, { ...window, model: 'm1', segment: 's1' }, later)
    // s1 items: i1, i2 (latest s1), i5 in range; i6, i7 before it.
    expect(o).toMatchObject({ predictions: 3, escalated: 1, reviews: 3, labeled: 2, backlog: 1 })
    expect(o.agreement_rate).toBeCloseTo(2 / 3, 12)
  })

  it('leaves the backlog of days after now unknown', async () => {
    const o = await getOverview(ch, window, Date.UTC(2026, 10, 1, 18))
    expect(o.series[1].backlog).toBeNull()
    // At 18:00 on 11-01: i7, i3 open (i2 and i6 reviewed).
    expect(o.series[0].backlog).toBe(2)
    expect(o.backlog).toBe(2)
  })

  it('answers zeros and nulls, not NaN, for an empty range', async () => {
    const o = await getOverview(ch, { from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 0, 2) }, later)
    expect(o).toMatchObject({ predictions: 0, escalation_rate: null, automation_rate: null, agreement_rate: null, backlog: 0, models: [] })
    expect(o.series).toEqual([expect.objectContaining({ date: '2025-01-01', predictions: 0, backlog: 0 })])
  })

  it('defaults to the 30 days up to the latest prediction', async () => {
    const o = await getOverview(ch, { model: 'm1' }, later)
    expect(o.filters.to).toBe('2026-11-03T00:00:00.000Z')
    expect(o.filters.from).toBe('2026-10-04T00:00:00.000Z')
    // Every m1 item (i6 and i7 included) is inside the default window.
    expect(o.predictions).toBe(7)
  })

  it('never counts an item reviewed before its re-scoring as open (backlog never negative)', async () => {
    const o = await getOverview(ch, { model: 'm3', from: Date.UTC(2026, 11, 1), to: Date.UTC(2026, 11, 3) }, Date.UTC(2027, 0, 1))
    // End of 12-01: the latest prediction (12-02 01:00) is not yet made; end of 12-02: it has a review.
    expect(o.series.map((d) => d.backlog)).toEqual([0, 0])
    // The review (A) pairs with the latest prediction (B).
    expect(o).toMatchObject({ predictions: 1, escalated: 1, reviews: 1, agreement_rate: 0, backlog: 0 })
  })
})

// ---------------------------------------------------------------------------------------------
// Naive reference: SPEC 3.0 from the raw events, per UTC day, for ranges with partial days.

function naiveOverview(events: Events, f: ReferenceFilters, now: number) {
  const predictions = latestPredictions(events, f)
  const labels = referenceLabels(events)
  const reviews = countedReviews(events, f).filter((r) => predictions.has(itemKey(r)))
  const firstReview = new Map<string, number>()
  for (const r of events.reviews) firstReview.set(itemKey(r), Math.min(firstReview.get(itemKey(r)) ?? Infinity, r.ts))
  const end = Math.min(f.to, now)
  /** Escalated items predicted before t without a review before t. */
  const openAt = (t: number) =>
    [...predictions.entries()].filter(([key, p]) => p.route !== 'auto' && p.ts < t && !((firstReview.get(key) ?? Infinity) < t)).length
  const figures = (from: number, to: number, backlogAt: number | null) => {
    const inRange = [...predictions.values()].filter((p) => p.ts >= from && p.ts < to)
    const counted = reviews.filter((r) => r.ts >= from && r.ts < to)
    const agreeing = counted.filter((r) => predictions.get(itemKey(r))!.predicted_label === r.label).length
    const escalated = inRange.filter((p) => p.route !== 'auto').length
    return {
      predictions: inRange.length,
      escalated,
      escalation_rate: inRange.length ? escalated / inRange.length : null,
      audited: inRange.filter((p) => p.route === 'audit').length,
      automation_rate: inRange.length ? (inRange.length - escalated) / inRange.length : null,
      reviews: counted.length,
      labeled: inRange.filter((p) => labels.has(itemKey(p))).length,
      agreement_rate: counted.length ? agreeing / counted.length : null,
      backlog: backlogAt === null ? null : openAt(backlogAt),
    }
  }
  const series = utcDays(f.from, f.to).map((date) => {
    const dayStart = Date.parse(`${date}T00:00:00Z`)
    const from = Math.max(f.from, dayStart)
    const to = Math.min(f.to, dayStart + MS_PER_DAY)
    return { date, ...figures(from, to, from < end ? Math.min(to, end) : null) }
  })
  return { ...figures(f.from, f.to, end), series }
}

describe('overview on chDB (random events against a naive reference)', () => {
  const partial = { from: RANDOM_FROM + 7.5 * MS_PER_HOUR, to: RANDOM_TO - 3.25 * MS_PER_HOUR }
  // The hand-built models above have December events too: the random ones are 'ra' and 'rb'.
  const cases: Array<{ name: string; input: ReferenceFilters; now: number }> = [
    { name: 'partial days at both ends', input: { ...partial, model: 'rb' }, now: later * 2 },
    { name: 'a model and segment', input: { ...partial, model: 'ra', segment: 's2' }, now: later * 2 },
    { name: 'within one day', input: { from: RANDOM_FROM + 2 * MS_PER_DAY + MS_PER_HOUR, to: RANDOM_FROM + 2 * MS_PER_DAY + 20 * MS_PER_HOUR, model: 'rb' }, now: later * 2 },
    { name: 'now inside the range', input: { ...partial, model: 'ra', model_version: 'v2' }, now: RANDOM_FROM + 3 * MS_PER_DAY + 5 * MS_PER_HOUR },
    { name: 'whole days', input: { from: RANDOM_FROM, to: RANDOM_TO, model: 'rb' }, now: later * 2 },
    { name: 'a queue (reviews from the facts only)', input: { ...partial, model: 'ra', queue: 'q2' }, now: later * 2 },
  ]
  for (const { name, input, now } of cases) {
    it(`matches the reference: ${name}`, async () => {
      const { filters: _filters, models: _models, ...actual } = await getOverview(ch, input, now)
      const expected = naiveOverview(RANDOM, input, now)
      expect(actual.predictions).toBeGreaterThan(5)
      expect(actual.backlog).toBeGreaterThan(0)
      expect(firstDifference(actual, expected)).toBeNull()
    })
  }
})
