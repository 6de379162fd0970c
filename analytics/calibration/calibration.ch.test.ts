import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@/lib/clickhouse'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { explain, recordingClient } from '@/test/explain'
import { resolveWindow } from '@/analytics/shared/filters.schema'
import { z } from 'zod'
import { queryRows } from '@/lib/clickhouse'
import { ensureFactsFresh } from '@/analytics/facts/facts'
import { wilsonInterval } from '@/analytics/shared/stats.compute'
import { MS_PER_DAY, MS_PER_HOUR } from '@/analytics/shared/time'
import {
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
import { getCalibration } from './calibration'
import { fetchQuantileEdges } from './calibration.sql'
import { quantileBinIndex } from './calibration.compute'
import { quantileEdges } from './calibration.reference'
import type { CalibrationGroupBy, CalibrationInterval, CalibrationStrategy } from './calibration.schema'

let ch: ClickHouse
let cleanup: () => Promise<void>

const p = (id: string, item: string, ts: string, label: string, confidence: number, segment: string, extra: object = {}) => ({
  type: 'prediction', event_id: id, model: 'c1', item_id: item, ts, route: 'review', predicted_label: label, confidence, segment, ...extra,
})
const r = (id: string, item: string, ts: string, reviewer: string, label: string) => ({
  type: 'review', event_id: id, model: 'c1', item_id: item, ts, reviewer_id: reviewer, label,
})
const o = (id: string, item: string, ts: string, label: string, source: string) => ({ type: 'outcome', event_id: id, model: 'c1', item_id: item, ts, true_label: label, source })

// Hand-built scenario in [2026-11-01, 2026-11-03), model c1; the figures are derived by hand below.
const EVENTS = [
  p('k1a', 'k1', '2026-11-01T01:00:00Z', 'A', 0.2, 's1'),
  p('k1b', 'k1', '2026-11-01T05:00:00Z', 'A', 0.9, 's1'), // re-scored: k1's prediction is 0.9
  p('k2', 'k2', '2026-11-01T06:00:00Z', 'A', 0.8, 's1'),
  p('k3', 'k3', '2026-11-01T09:00:00Z', 'B', 0.7, 's1', { route: 'audit', propensity: 0.25 }),
  p('k4', 'k4', '2026-11-01T10:00:00Z', 'A', 0.6, 's2', { route: 'auto', propensity: 0.5 }),
  p('k5', 'k5', '2026-11-02T10:00:00Z', 'A', 0.3, 's2'),
  p('k6', 'k6', '2026-11-02T11:00:00Z', 'B', 0.4, 's2', { route: 'auto' }), // propensity 0 (default), yet reviewed
  p('k7', 'k7', '2026-11-02T12:00:00Z', 'A', 0.1, 's2', { route: 'auto' }),
  p('k8', 'k8', '2026-11-02T13:00:00Z', 'A', 0.55, 's2'),
  p('k9', 'k9', '2026-10-30T10:00:00Z', 'A', 0.9, 's1'), // before the range
  r('v1', 'k1', '2026-11-01T06:00:00Z', 'r1', 'A'),
  r('v2a', 'k2', '2026-11-01T07:00:00Z', 'r1', 'B'), // 1–1 tie with r2's A: the earliest review (B) wins
  r('v2b', 'k2', '2026-11-01T08:00:00Z', 'r2', 'A'),
  r('v4', 'k4', '2026-11-01T11:00:00Z', 'r1', 'A'), // overruled by the downstream outcome
  r('v6', 'k6', '2026-11-02T12:00:00Z', 'r3', 'B'),
  o('o3a', 'k3', '2026-11-01T19:00:00Z', 'A', 'audit'),
  o('o3b', 'k3', '2026-11-01T20:00:00Z', 'B', 'adjudication'), // k3's latest outcome
  o('o4', 'k4', '2026-11-01T22:00:00Z', 'B', 'downstream'),
  o('o5', 'k5', '2026-11-10T00:00:00Z', 'A', 'gold'), // after the range: still labels k5
  o('o8', 'k8', '2026-09-01T00:00:00Z', 'B', 'audit'), // months before the range: still k8's label (every event counts)
  // Review ties (model c3, for the reference labels only).
  ...['t1', 't2', 't3'].map((item) => p(`${item}p`, item, '2026-11-01T11:00:00Z', 'A', 0.5, 's1', { model: 'c3' })),
  ...[
    r('t1a', 't1', '2026-11-01T12:00:00Z', 'r1', 'B'),
    r('t1b', 't1', '2026-11-01T12:00:00Z', 'r2', 'A'), // same ts: the smaller label, A
    r('t2a', 't2', '2026-11-01T12:00:00Z', 'r1', 'B'),
    r('t2b', 't2', '2026-11-01T13:00:00Z', 'r2', 'A'),
    r('t2c', 't2', '2026-11-01T14:00:00Z', 'r3', 'A'), // majority A
    r('t3a', 't3', '2026-11-01T13:00:00Z', 'r1', 'A'), // superseded: not a vote
    r('t3b', 't3', '2026-11-01T14:00:00Z', 'r1', 'B'),
    r('t3c', 't3', '2026-11-01T15:00:00Z', 'r2', 'A'), // 1–1: r1's B vote (14:00) is the earliest
  ].map((review) => ({ ...review, model: 'c3' })),
]
// Two predictions of one item at the same ms (model c2): cityHash64('tie-x') = 15289929508772654911 >
// cityHash64('tie-y') = 1182243689786162699, so tie-x (label A) is the latest, inserted first or not.
const TIE_EVENTS = [
  { type: 'prediction', event_id: 'tie-x', model: 'c2', item_id: 'k10', ts: '2026-11-01T10:00:00Z', route: 'review', predicted_label: 'A', confidence: 0.05 },
  { type: 'prediction', event_id: 'tie-y', model: 'c2', item_id: 'k10', ts: '2026-11-01T10:00:00Z', route: 'review', predicted_label: 'B', confidence: 0.05 },
  { type: 'outcome', event_id: 'tie-o', model: 'c2', item_id: 'k10', ts: '2026-11-01T11:00:00Z', true_label: 'A', source: 'gold' },
]

const insert = (events: object[]) => ingestForTest(ch, events)

const RANDOM = generateEvents(7, 700)

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('calibration'))
  await insert(EVENTS)
  for (const event of TIE_EVENTS) await insert([event])
  await insert(toApiEvents(RANDOM))
})
afterAll(() => cleanup())

const window = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 3) }
const later = Date.UTC(2027, 0, 10)

describe('reference labels in the facts on chDB', () => {
  it('take the latest outcome, else the reviewers’ majority with ties to the earliest vote', async () => {
    await ensureFactsFresh(ch)
    const rows = await queryRows(ch, {
      tag: 'test:reference_labels',
      schema: z.object({ item_id: z.string(), reference_label: z.string(), labeled: z.number(), weight: z.number() }),
      query: "SELECT item_id, toString(reference_label) AS reference_label, labeled, weight FROM item_facts FINAL WHERE model IN ('c1', 'c3') AND has_label = 1 ORDER BY item_id",
    })
    expect(rows.map((row) => [row.item_id, row.reference_label, row.labeled, row.weight])).toEqual([
      ['k1', 'A', 1, 1], // r1's review
      ['k2', 'B', 1, 1], // 1–1, r1's B is the earlier review
      ['k3', 'B', 1, 4], // the latest outcome (adjudication) beats the earlier audit outcome; 1/0.25
      ['k4', 'B', 1, 1], // a downstream outcome beats the review and weighs 1, not 1/0.5
      ['k5', 'A', 1, 1], // gold, arriving after the range
      ['k6', 'B', 0, 0], // propensity 0: a label, but no finite weight
      ['k8', 'B', 1, 1], // an outcome long before the prediction still labels it
      ['t1', 'A', 1, 1], // same-ms tie: the smaller label
      ['t2', 'A', 1, 1],
      ['t3', 'B', 1, 1], // votes are each reviewer's latest review: B at 14:00 beats A at 15:00
    ])
  })
})

describe('calibration on chDB (hand-built)', () => {
  // Population (latest in range): k1 .9, k2 .8, k3 .7, k4 .6, k5 .3, k6 .4, k7 .1, k8 .55.
  // Labels and weights: k1 A ✓ w1; k2 B ✗ w1; k3 B ✓ w 1/0.25 = 4; k4 B ✗ w1 (downstream, not 1/0.5);
  // k5 A ✓ w1 (gold); k6 propensity 0 → left out, warned; k7 unlabeled; k8 B ✗ w1.
  // 2 bins: [0, .5) k5 k6 k7: mean .8/3, accuracy 1 (k5); [.5, 1] k1 k2 k3 k4 k8: mean 3.55/5 = .71,
  // accuracy (1 + 0 + 4 + 0 + 0)/8 = 5/8.
  it('weights labels by 1/propensity, 1 for gold/downstream, and reports zero propensities', async () => {
    const c = await getCalibration(ch, { ...window, model: 'c1', bins: 2 }, later)
    expect(c).toMatchObject({ bins: 2, strategy: 'uniform', predictions: 8, labeled: 6 })
    expect(c.reliability.map(({ count, labeled }) => [count, labeled])).toEqual([[3, 1], [5, 5]])
    expect(c.reliability[0].mean_confidence).toBeCloseTo(0.8 / 3, 12)
    expect(c.reliability[0].accuracy).toBe(1)
    expect(c.reliability[1].mean_confidence).toBeCloseTo(0.71, 12)
    expect(c.reliability[1].accuracy).toBeCloseTo(5 / 8, 12)
    expect(c.ece).toBeCloseTo((3 * (1 - 0.8 / 3) + 5 * (0.71 - 5 / 8)) / 8, 12)
    expect(c.mce).toBeCloseTo(1 - 0.8 / 3, 12)
    // Σ w(c − correct)²: k5 .49 + k1 .01 + k2 .64 + k3 4·.09 + k4 .36 + k8 .3025 = 2.1625 over Σ w = 9.
    expect(c.brier).toBeCloseTo(2.1625 / 9, 12)
    expect(c.warnings).toEqual([expect.objectContaining({ code: 'zero_propensity', count: 1 })])
    // Histogram: 50 bins; k7 at 0.1 is in bin 5, k1 at 0.9 in bin 45.
    expect(c.histogram).toHaveLength(50)
    expect(c.histogram[5]).toEqual({ bin: 5, lower: 0.1, upper: 0.12, count: 1, labeled: 0 })
    expect(c.histogram[45]).toMatchObject({ count: 1, labeled: 1 })
  })

  it('gives ECE and Brier per day and per ISO week', async () => {
    const daily = await getCalibration(ch, { ...window, model: 'c1', bins: 2 }, later)
    // 11-01: k1–k4, all in the top bin: |5/7 − .75|; Brier (.01 + .64 + .36 + .36)/7.
    // 11-02: k5–k8: bottom bin k5 k6 k7 |1 − .8/3|, top bin k8 |0 − .55|; Brier (.49 + .3025)/2.
    expect(daily.series).toEqual([
      { period: '2026-11-01', ece: expect.closeTo(0.75 - 5 / 7, 12), brier: expect.closeTo(1.37 / 7, 12), predictions: 4, labeled: 4 },
      { period: '2026-11-02', ece: expect.closeTo((3 * (1 - 0.8 / 3) + 0.55) / 4, 12), brier: expect.closeTo((0.49 + 0.3025) / 2, 12), predictions: 4, labeled: 2 },
    ])
    // 2026-11-01 is a Sunday: its ISO week starts on 10-26; 11-02 starts the next.
    const weekly = await getCalibration(ch, { ...window, model: 'c1', bins: 2, interval: 'week' }, later)
    expect(weekly.series.map((s) => [s.period, s.predictions])).toEqual([['2026-10-26', 4], ['2026-11-02', 4]])
  })

  it('puts equal masses in quantile bins, with edges equal to the TypeScript ones', async () => {
    const c = await getCalibration(ch, { ...window, model: 'c1', bins: 2, strategy: 'quantile' }, later)
    // Sorted: .1 .3 .4 .55 | .6 .7 .8 .9; median .55 + .5·(.6 − .55) = .575.
    expect(c.reliability.map(({ lower, upper, count }) => [lower, upper, count])).toEqual([[0, expect.closeTo(0.575, 12), 4], [expect.closeTo(0.575, 12), 1, 4]])
    expect(c.reliability[0].upper).toBe(quantileEdges([0.1, 0.3, 0.4, 0.55, 0.6, 0.7, 0.8, 0.9], 2)![1])
  })

  it('takes the latest of two same-ms predictions by cityHash64(event_id)', async () => {
    const c = await getCalibration(ch, { ...window, model: 'c2', bins: 2 }, later)
    expect(c).toMatchObject({ predictions: 1, labeled: 1 })
    expect(c.reliability[0].accuracy).toBe(1) // tie-x's A matches the gold A
  })

  it('lists groups side by side, each equal to the calibration filtered to it', async () => {
    for (const strategy of ['uniform', 'quantile'] as const) {
      const grouped = await getCalibration(ch, { ...window, model: 'c1', bins: 3, strategy, group_by: 'segment' }, later)
      expect(grouped.groups?.map((g) => g.key)).toEqual(['s1', 's2'])
      // s1: k1–k3 on 11-01 (k9 is before the range); s2: k4 on 11-01, k5–k8 on 11-02.
      expect(grouped.groups?.map((g) => [g.first_seen, g.last_seen])).toEqual([
        ['2026-11-01', '2026-11-01'],
        ['2026-11-01', '2026-11-02'],
      ])
      for (const group of grouped.groups!) {
        const { filters: _f, histogram: _h, warnings: _w, interval: _i, group_by: _g, series, ...alone } = await getCalibration(
          ch,
          { ...window, model: 'c1', bins: 3, strategy, segment: group.key },
          later,
        )
        const seen = series.filter((p) => p.predictions > 0).map((p) => p.period)
        expect(firstDifference(group, { key: group.key, first_seen: seen[0], last_seen: seen.at(-1), ...alone, series })).toBeNull()
      }
    }
  })

  it('groups by model: every model of the view side by side, each equal to the calibration of that model', async () => {
    const grouped = await getCalibration(ch, { ...window, bins: 2, group_by: 'model' }, later)
    expect(grouped.groups?.map((g) => g.key)).toEqual(['c1', 'c2', 'c3'])
    for (const group of grouped.groups!) {
      const { filters: _f, histogram: _h, warnings: _w, interval: _i, group_by: _g, series, ...alone } = await getCalibration(ch, { ...window, bins: 2, model: group.key }, later)
      expect(firstDifference(group, { key: group.key, first_seen: group.first_seen, last_seen: group.last_seen, ...alone, series })).toBeNull()
    }
    expect(grouped.groups?.find((g) => g.key === 'c1')).toMatchObject({ first_seen: '2026-11-01', last_seen: '2026-11-02', predictions: 8 })
  })

  it('tells when a version was first and last seen: by the items’ latest predictions, per UTC day, within the range', async () => {
    // Model c4: v1 on 11-11 and 11-12, v2 from 11-12 on; item m1 re-scored from v1 (11-11) to v2 (11-13),
    // so v1 is first seen on 11-12 (m2); m5 (v3) predicted before the range only.
    await insert([
      p('m1a', 'm1', '2026-11-11T08:00:00Z', 'A', 0.9, 's1', { model: 'c4', model_version: 'v1' }),
      p('m2', 'm2', '2026-11-12T00:00:00Z', 'A', 0.8, 's1', { model: 'c4', model_version: 'v1' }),
      p('m3', 'm3', '2026-11-12T23:59:59.999Z', 'B', 0.7, 's1', { model: 'c4', model_version: 'v1' }),
      p('m4', 'm4', '2026-11-12T12:00:00Z', 'B', 0.6, 's1', { model: 'c4', model_version: 'v2' }),
      p('m5', 'm5', '2026-11-05T12:00:00Z', 'B', 0.6, 's1', { model: 'c4', model_version: 'v3' }),
      // In m1a's cell (bin [.5, 1], histogram bin [.90, .92)) a day later: the cell outlives m1a's retraction.
      p('m6', 'm6', '2026-11-12T06:00:00Z', 'A', 0.91, 's1', { model: 'c4', model_version: 'v1' }),
      { ...r('m2r', 'm2', '2026-11-12T01:00:00Z', 'r1', 'A'), model: 'c4' },
    ])
    const range = { from: Date.UTC(2026, 10, 11), to: Date.UTC(2026, 10, 15) }
    const before = await getCalibration(ch, { ...range, model: 'c4', bins: 2, interval: 'week', group_by: 'model_version' }, later)
    expect(before.groups?.map((g) => [g.key, g.first_seen, g.last_seen])).toEqual([
      ['v1', '2026-11-11', '2026-11-12'],
      ['v2', '2026-11-12', '2026-11-12'],
    ])
    // m1 re-scored in a later batch: its v1 fact of 11-11 is retracted by a sign row (not merged yet).
    await insert([p('m1b', 'm1', '2026-11-13T08:00:00Z', 'A', 0.9, 's1', { model: 'c4', model_version: 'v2' })])
    for (const interval of ['day', 'week'] as const) {
      const c = await getCalibration(ch, { ...range, model: 'c4', bins: 2, interval, group_by: 'model_version' }, later)
      expect(c.groups?.map((g) => [g.key, g.first_seen, g.last_seen, g.predictions])).toEqual([
        ['v1', '2026-11-12', '2026-11-12', 3],
        ['v2', '2026-11-12', '2026-11-13', 2],
      ])
    }
    // A range starting mid-day: v2's m4 is cut off, so v2 is first seen on 11-13.
    const cut = await getCalibration(ch, { from: Date.UTC(2026, 10, 12, 13), to: range.to, model: 'c4', group_by: 'model_version' }, later)
    expect(cut.groups?.map((g) => [g.key, g.first_seen, g.last_seen])).toEqual([
      ['v1', '2026-11-12', '2026-11-12'],
      ['v2', '2026-11-13', '2026-11-13'],
    ])
    // The per-version series: v1's ECE on 11-12 only, v2's on 11-12 and 11-13 (m1 unlabeled: no ECE, still counted).
    const daily = await getCalibration(ch, { ...range, model: 'c4', bins: 2, group_by: 'model_version' }, later)
    expect(daily.groups![0].series.map((s) => [s.period, s.predictions, s.labeled])).toEqual([
      ['2026-11-11', 0, 0],
      ['2026-11-12', 3, 1],
      ['2026-11-13', 0, 0],
      ['2026-11-14', 0, 0],
    ])
    // 11-12, bin [.5, 1]: m2 (0.8, labeled, correct), m3 (0.7) and m6 (0.91) unlabeled: mean 2.41/3, accuracy 1.
    expect(daily.groups![0].series[1].ece).toBeCloseTo(1 - 2.41 / 3, 12)
    expect(daily.groups![1].series.map((s) => s.predictions)).toEqual([0, 1, 1, 0])
  })

  it('answers empty bins and nulls for an empty range', async () => {
    for (const strategy of ['uniform', 'quantile'] as const) {
      const c = await getCalibration(ch, { from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 0, 2), strategy }, later)
      expect(c).toMatchObject({ predictions: 0, labeled: 0, ece: null, mce: null, brier: null, warnings: [] })
      expect(c.reliability).toHaveLength(10)
      expect(c.reliability.every((b) => b.count === 0 && b.accuracy === null)).toBe(true)
    }
  })
})

describe('calibration on chDB (random events against a naive reference)', () => {
  const cases: CalibrationCase[] = [
    { bins: 10, strategy: 'uniform', interval: 'day' },
    { bins: 50, strategy: 'uniform', interval: 'week', model: 'ra' },
    { bins: 7, strategy: 'quantile', interval: 'day', group_by: 'segment' },
    { bins: 4, strategy: 'quantile', interval: 'week', model: 'rb', model_version: 'v2', group_by: 'segment' },
    { bins: 3, strategy: 'uniform', interval: 'day', segment: 's1', group_by: 'model_version' },
    // All models side by side (the Overview's ECE per model), on both strategies.
    { bins: 10, strategy: 'uniform', interval: 'day', group_by: 'model' },
    { bins: 5, strategy: 'quantile', interval: 'week', model_version: 'v1', group_by: 'model' },
    { bins: 10, strategy: 'uniform', interval: 'week', group_by: 'model_version', from: RANDOM_FROM + 9 * MS_PER_HOUR, to: RANDOM_TO - 3 * MS_PER_HOUR },
    // Partial days at both ends: whole days from the rollups, the rest from the facts.
    { bins: 10, strategy: 'uniform', interval: 'day', from: RANDOM_FROM + 5 * MS_PER_HOUR + 17, to: RANDOM_TO - 7 * MS_PER_HOUR },
    { bins: 13, strategy: 'uniform', interval: 'week', model: 'rb', group_by: 'segment', from: RANDOM_FROM + 30 * MS_PER_HOUR, to: RANDOM_TO - 20 * MS_PER_HOUR },
  ]
  for (const options of cases) {
    it(`matches the reference for ${JSON.stringify(options)}`, async () => {
      const input = { from: RANDOM_FROM, to: RANDOM_TO, ...options }
      const { filters: _filters, warnings, ...actual } = await getCalibration(ch, input, later)
      const { warnings: expectedWarnings, ...expected } = naiveCalibration(RANDOM, input)
      expect(actual.predictions).toBeGreaterThan(100)
      expect(firstDifference(actual, expected)).toBeNull()
      expect(warnings.map(({ code, count }) => ({ code, count }))).toEqual(expectedWarnings)
      // Random auto predictions with propensity 0 get reviewed too.
      if (options === cases[0]) expect(warnings[0].count).toBeGreaterThan(10)
    })
  }

  it('computes quantile edges in SQL equal to quantileEdges over the same confidences', async () => {
    for (const bins of [2, 3, 7, 10, 49, 50]) {
      const filters = resolveWindow({ from: RANDOM_FROM, to: RANDOM_TO }, null, later)
      const [row] = await fetchQuantileEdges(ch, filters, { bins })
      const confidences = [...latestPredictions(RANDOM, filters).values()].filter((p) => p.ts >= filters.from && p.ts < filters.to).map((p) => p.confidence).sort((a, b) => a - b)
      expect([0, ...row.edges, 1]).toEqual(quantileEdges(confidences, bins))
    }
  })
})

describe('calibration queries', () => {
  it('EXPLAINs every query function', async () => {
    const { client, recorded } = recordingClient(ch)
    await getCalibration(client, { ...window, model: 'c1', strategy: 'quantile', group_by: 'model_version' }, later)
    await getCalibration(client, { ...window, model: 'c1', strategy: 'quantile' }, later)
    expect([...new Set(recorded.map((q) => q.tag))].filter((tag) => tag.startsWith('calibration:')).sort()).toEqual(['calibration:cells', 'calibration:quantile_edges'])
    for (const query of recorded) expect((await explain(ch, query)).join('\n')).toMatch(/ReadFromMergeTree|ReadFrom/)
  })
})

// ---------------------------------------------------------------------------------------------
// Naive reference: SPEC 3.2 computed from the raw events.

interface CalibrationCase {
  bins: number
  strategy: CalibrationStrategy
  interval: CalibrationInterval
  group_by?: CalibrationGroupBy
  model?: string
  segment?: string
  model_version?: string
  /** Default: [RANDOM_FROM, RANDOM_TO), whole days. */
  from?: number
  to?: number
}

interface Scored {
  confidence: number
  ts: number
  group: string
  /** null: unlabeled (or left out for propensity 0). */
  correct: boolean | null
  weight: number
}

function naiveReliability(population: Scored[], bins: number, strategy: CalibrationStrategy) {
  const sorted = population.map((s) => s.confidence).sort((a, b) => a - b)
  const edges = strategy === 'quantile' && sorted.length > 0 ? quantileEdges(sorted, bins)! : Array.from({ length: bins + 1 }, (_, k) => k / bins)
  const binOf = (c: number) => (strategy === 'quantile' ? quantileBinIndex(c, edges) : Math.min(Math.floor(c * bins), bins - 1))
  return { edges, binOf }
}

function naiveFigures(population: Scored[], bins: number, strategy: CalibrationStrategy, binOf: (c: number) => number, edges: number[]) {
  const reliability = Array.from({ length: bins }, (_, bin) => {
    const inBin = population.filter((s) => binOf(s.confidence) === bin)
    const labeled = inBin.filter((s) => s.correct !== null)
    const w = labeled.reduce((sum, s) => sum + s.weight, 0)
    const w2 = labeled.reduce((sum, s) => sum + s.weight ** 2, 0)
    const accuracy = labeled.length === 0 ? null : labeled.reduce((sum, s) => sum + (s.correct ? s.weight : 0), 0) / w
    const effectiveN = (w * w) / w2
    return {
      bin,
      lower: edges[bin],
      upper: edges[bin + 1],
      count: inBin.length,
      labeled: labeled.length,
      mean_confidence: inBin.length === 0 ? null : inBin.reduce((sum, s) => sum + s.confidence, 0) / inBin.length,
      accuracy,
      accuracy_ci: accuracy === null ? null : wilsonInterval(Math.min(effectiveN, accuracy * effectiveN), effectiveN),
    }
  })
  const calibrated = reliability.filter((b) => b.accuracy !== null)
  const n = calibrated.reduce((sum, b) => sum + b.count, 0)
  const labeled = population.filter((s) => s.correct !== null)
  const weight = labeled.reduce((sum, s) => sum + s.weight, 0)
  return {
    bins,
    strategy,
    reliability,
    ece: n === 0 ? null : calibrated.reduce((sum, b) => sum + b.count * Math.abs(b.accuracy! - b.mean_confidence!), 0) / n,
    mce: calibrated.length === 0 ? null : Math.max(...calibrated.map((b) => Math.abs(b.accuracy! - b.mean_confidence!))),
    brier: weight === 0 ? null : labeled.reduce((sum, s) => sum + s.weight * (s.confidence - (s.correct ? 1 : 0)) ** 2, 0) / weight,
    predictions: population.length,
    labeled: labeled.length,
  }
}

function naiveCalibration(events: Events, input: CalibrationCase & ReferenceFilters) {
  const labels = referenceLabels(events)
  let zeroPropensity = 0
  const population: Scored[] = [...latestPredictions(events, input).values()].filter((p) => p.ts >= input.from && p.ts < input.to).map((p) => {
    const label = labels.get(itemKey(p))
    const group = input.group_by ? p[input.group_by] : ''
    if (!label) return { confidence: p.confidence, ts: p.ts, group, correct: null, weight: 0 }
    if (!label.unitWeight && p.propensity === 0) {
      zeroPropensity += 1
      return { confidence: p.confidence, ts: p.ts, group, correct: null, weight: 0 }
    }
    return { confidence: p.confidence, ts: p.ts, group, correct: p.predicted_label === label.label, weight: label.unitWeight ? 1 : 1 / p.propensity }
  })
  const { edges, binOf } = naiveReliability(population, input.bins, input.strategy)
  const overall = naiveFigures(population, input.bins, input.strategy, binOf, edges)
  const periodOf = (ts: number) => {
    const day = Math.floor(ts / MS_PER_DAY)
    const weekday = new Date(ts).getUTCDay() // 0 = Sunday
    return new Date((input.interval === 'day' ? day : day - ((weekday + 6) % 7)) * MS_PER_DAY).toISOString().slice(0, 10)
  }
  const periods = [...new Set(utcDays(input.from, input.to).map((d) => periodOf(Date.parse(d))))]
  const histogram = Array.from({ length: 50 }, (_, bin) => {
    const inBin = population.filter((s) => Math.min(Math.floor(s.confidence * 50), 49) === bin)
    return { bin, lower: bin / 50, upper: (bin + 1) / 50, count: inBin.length, labeled: inBin.filter((s) => s.correct !== null).length }
  })
  const seriesOf = (members: Scored[], memberBinOf: (c: number) => number, memberEdges: number[]) =>
    periods.map((period) => {
      const f = naiveFigures(members.filter((s) => periodOf(s.ts) === period), input.bins, input.strategy, memberBinOf, memberEdges)
      return { period, ece: f.ece, brier: f.brier, predictions: f.predictions, labeled: f.labeled }
    })
  const series = seriesOf(population, binOf, edges)
  const dayOf = (ts: number) => new Date(ts).toISOString().slice(0, 10)
  const groups = input.group_by
    ? [...new Set(population.map((s) => s.group))].sort().map((key) => {
        const members = population.filter((s) => s.group === key)
        const own = naiveReliability(members, input.bins, input.strategy)
        const times = members.map((s) => s.ts)
        return {
          key,
          first_seen: dayOf(Math.min(...times)),
          last_seen: dayOf(Math.max(...times)),
          ...naiveFigures(members, input.bins, input.strategy, own.binOf, own.edges),
          series: seriesOf(members, own.binOf, own.edges),
        }
      })
    : undefined
  return {
    ...overall,
    interval: input.interval,
    group_by: input.group_by ?? null,
    histogram,
    series,
    ...(groups ? { groups } : {}),
    warnings: zeroPropensity === 0 ? [] : [{ code: 'zero_propensity', count: zeroPropensity }],
  }
}
