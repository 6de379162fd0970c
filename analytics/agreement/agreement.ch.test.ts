import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { queryRows, runCommand, type ClickHouse } from '@/lib/clickhouse'
import { ensureFactsFresh } from '@/analytics/facts/facts'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { explain, recordingClient } from '@/test/explain'
import { wilsonInterval } from '@/analytics/shared/stats.compute'
import { getOverview } from '@/analytics/overview/overview'
import {
  countedReviews,
  evidenceReviews,
  firstDifference,
  generateEvents,
  goldLabels,
  itemKey,
  latestPredictions,
  mulberry32,
  naiveMedian,
  RANDOM_FROM,
  RANDOM_TO,
  referenceUnits,
  toApiEvents,
  utcDays,
  type Events,
  type ReferenceFilters,
} from '@/test/metrics-reference'
import { MS_PER_HOUR } from '@/analytics/shared/time'
import { getAgreement } from './agreement'

let ch: ClickHouse
let cleanup: () => Promise<void>

const p = (id: string, item: string, ts: string, label: string, segment: string, extra: object = {}) => ({
  type: 'prediction', event_id: id, model: 'm1', item_id: item, ts, route: 'review', predicted_label: label, confidence: 0.5, segment, ...extra,
})
const r = (id: string, item: string, ts: string, reviewer: string, label: string, duration?: number) => ({
  type: 'review', event_id: id, model: 'm1', item_id: item, ts, reviewer_id: reviewer, label, queue: reviewer === 'r3' ? 'q2' : 'q1',
  ...(duration === undefined ? {} : { duration_ms: duration }),
})
const o = (id: string, item: string, ts: string, label: string, source: string) => ({ type: 'outcome', event_id: id, model: 'm1', item_id: item, ts, true_label: label, source })

// Hand-built scenario in [2026-11-01, 2026-11-03); the figures below are derived by hand.
const EVENTS = [
  p('p1a', 'i1', '2026-10-31T10:00:00Z', 'A', 's1'),
  p('p1b', 'i1', '2026-11-01T08:00:00Z', 'B', 's1'), // re-scored: i1's prediction is B
  p('p2', 'i2', '2026-11-01T09:00:00Z', 'A', 's1'),
  p('p3', 'i3', '2026-11-01T10:00:00Z', 'B', 's2'),
  p('p4', 'i4', '2026-11-01T11:00:00Z', 'A', 's1', { route: 'audit', propensity: 0.25 }),
  p('p5', 'i5', '2026-10-20T10:00:00Z', 'C', 's1'), // predicted before the range, reviewed in it
  p('p7', 'i7', '2026-11-01T07:00:00Z', 'A', 's2'),
  p('p8', 'i8', '2026-09-15T10:00:00Z', 'A', 's1'), // weeks before the range: still i8's prediction
  r('v1a', 'i1', '2026-11-01T09:00:00Z', 'r1', 'A', 1_000), // superseded by r1's later review
  r('v1b', 'i1', '2026-11-01T12:00:00Z', 'r1', 'B', 60_000),
  r('v1c', 'i1', '2026-11-01T13:00:00Z', 'r2', 'B', 30_000),
  r('v1d', 'i1', '2026-11-02T09:00:00Z', 'r3', 'A', 10_000),
  r('v2a', 'i2', '2026-11-01T10:00:00Z', 'r1', 'A', 120_000),
  r('v2b', 'i2', '2026-11-02T10:00:00Z', 'r2', 'C', 50_000),
  r('v2d', 'i2', '2026-11-02T13:00:00Z', 'r4', 'C', 5_000), // superseded: r4's counted review of i2 has no duration
  r('v2c', 'i2', '2026-11-02T14:00:00Z', 'r4', 'A'),
  r('v3a', 'i3', '2026-11-02T11:00:00Z', 'r2', 'B'),
  r('v3b', 'i3', '2026-11-03T01:00:00Z', 'r2', 'A'), // after the range, and r2's latest of i3: i3 has no counted review
  r('v4', 'i4', '2026-11-02T12:00:00Z', 'r3', 'B'),
  r('v5a', 'i5', '2026-10-31T23:00:00Z', 'r1', 'C'), // before the range
  r('v5b', 'i5', '2026-11-01T01:00:00Z', 'r3', 'C', 20_000),
  r('v6', 'i6', '2026-11-01T15:00:00Z', 'r1', 'A'), // no prediction
  r('v7a', 'i7', '2026-11-02T08:00:00Z', 'r1', 'A'),
  r('v7b', 'i7', '2026-11-02T09:30:00Z', 'r3', 'A', 30_000),
  r('v7c', 'i7', '2026-11-02T10:00:00Z', 'r4', 'A'),
  r('v8', 'i8', '2026-11-01T16:00:00Z', 'r2', 'A'),
  o('o2', 'i2', '2026-11-05T00:00:00Z', 'A', 'gold'), // after the range: still i2's gold label
  o('o4', 'i4', '2026-11-02T20:00:00Z', 'B', 'audit'), // not gold
  o('o3', 'i3', '2026-09-01T00:00:00Z', 'A', 'gold'), // i3's gold label (no counted review uses it)
]

const insert = (events: object[]) => ingestForTest(ch, events)

const RANDOM = generateEvents(20261101, 400)

/** Facts tables whose retractions stay unmerged, so that every query must sum signs right. */
const SIGN_TABLES = ['review_facts', 'review_durations', 'item_facts'] as const

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('agreement'))
  await insert(EVENTS)
  await ensureFactsFresh(ch)
  // The random events in shuffled batches, the facts refreshed after each: predictions re-scored,
  // reviews corrected and outcomes arriving after their item's facts were first written.
  for (const table of SIGN_TABLES) await runCommand(ch, `SYSTEM STOP MERGES ${table}`, 'test:stop_merges')
  const random = mulberry32(11)
  const shuffled = toApiEvents(RANDOM).map((e) => ({ e, k: random() })).sort((a, b) => a.k - b.k).map(({ e }) => e)
  const batches = 5
  for (let b = 0; b < batches; b++) {
    await insert(shuffled.slice(Math.floor((b * shuffled.length) / batches), Math.floor(((b + 1) * shuffled.length) / batches)))
    await ensureFactsFresh(ch)
  }
})
afterAll(() => cleanup())

const window = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 3) }
const later = Date.UTC(2027, 0, 10)

describe('agreement on chDB (hand-built)', () => {
  it('counts each reviewer’s latest in-range review against the item’s latest prediction', async () => {
    const a = await getAgreement(ch, { ...window, model: 'm1' }, later)
    // Counted pairs (model, human): i1 (B,B) r1, (B,B) r2, (B,A) r3; i2 (A,A) r1, (A,C) r2, (A,A) r4;
    // i4 (A,B); i5 (C,C); i7 (A,A) ×3; i8 (A,A). i6 has no prediction; r2's latest review of i3 is
    // after the range (SPEC §2: the latest counts, then the range applies).
    expect(a.reviewed).toBe(12)
    expect(a.agreement_rate).toBe(0.75)
    expect(a.override_rate).toBe(0.25)
    expect(a.agreement_ci).toEqual(wilsonInterval(9, 12))
    expect(a.confusion).toEqual({ labels: ['A', 'B', 'C'], matrix: [[6, 1, 1], [1, 2, 0], [0, 0, 1]] })
    // Rows 8, 3, 1; columns 7, 3, 2: Σ r·c = 67; κ = (12·9 − 67)/(144 − 67) = 41/77.
    expect(a.cohen_kappa).toBeCloseTo(41 / 77, 12)
  })

  it('computes the inter-reviewer figures over items with ≥ 2 reviewers', async () => {
    const a = await getAgreement(ch, { ...window, model: 'm1' }, later)
    // Units: i1 [B,B,A], i2 [A,C,A], i7 [A,A,A] (m = 3 each).
    expect(a.inter_reviewer.units).toBe(3)
    // Pairwise: (1/3 + 1/3 + 1)/3 = 5/9.
    expect(a.pairwise_agreement).toBeCloseTo(5 / 9, 12)
    // Fleiss: P̄ = 5/9; p = (6, 2, 1)/9, P̄e = 41/81; κ = (45 − 41)/(81 − 41) = 0.1.
    expect(a.fleiss_kappa).toBeCloseTo(0.1, 12)
    // Alpha: n = 9, n_c = (6, 2, 1); Σ o_c≠k = 2 + 2 + 0 = 4; Σ n_c n_k = 81 − 41 = 40; α = 1 − 8·4/40 = 0.2.
    expect(a.krippendorff_alpha).toBeCloseTo(0.2, 12)
    // AC1: p_a = 5/9; π = (2/3, 2/9, 1/9); p_e = ½ Σ π(1 − π) = 20/81; (45 − 20)/(81 − 20) = 25/61.
    expect(a.gwet_ac1).toBeCloseTo(25 / 61, 12)
    expect(a.inter_reviewer).toMatchObject({ fleiss_kappa: a.fleiss_kappa, gwet_ac1: a.gwet_ac1 })
  })

  it('lists reviewers with agreement with the model, the majority of the others and gold', async () => {
    const a = await getAgreement(ch, { ...window, model: 'm1' }, later)
    expect(a.reviewers).toEqual([
      // r1: i1 B ✓, i2 A ✓, i7 A ✓. Majority of others: i1 {B, A} none, i2 {C, A} none, i7 {A, A} A ✓.
      // Gold (i2 A, outcome after the range) ✓. Durations 60000 (not the superseded 1000), 120000.
      { reviewer_id: 'r1', reviews: 3, agreement_with_model: 1, agreement_with_majority: 1, gold_accuracy: 1, median_handle_ms: 90_000 },
      // r2: i1 B ✓, i2 C ✗, i8 A ✓; i2's others {A, A}: A ✗; gold i2 ✗; durations 30000, 50000.
      { reviewer_id: 'r2', reviews: 3, agreement_with_model: 2 / 3, agreement_with_majority: 0, gold_accuracy: 0, median_handle_ms: 40_000 },
      // r3: i1 A ✗, i4 B ✗, i5 C ✓, i7 A ✓; majorities i1 B ✗, i7 A ✓; no gold; durations 10k, 20k, 30k.
      { reviewer_id: 'r3', reviews: 4, agreement_with_model: 0.5, agreement_with_majority: 0.5, gold_accuracy: null, median_handle_ms: 20_000 },
      // r4: i2 A ✓ (others {A, C}: none), i7 A ✓ (others {A, A}: A ✓); gold i2 ✓; no durations (the
      // superseded review's 5000 does not count).
      { reviewer_id: 'r4', reviews: 2, agreement_with_model: 1, agreement_with_majority: 1, gold_accuracy: 1, median_handle_ms: null },
    ])
  })

  it('gives a daily series by review day', async () => {
    const a = await getAgreement(ch, { ...window, model: 'm1' }, later)
    // 11-01: i1 r1, i1 r2, i2 r1, i5 r3, i8 r2, all agreeing (κ = 1). 11-02: the other 7, 4 agreeing;
    // rows A 6, B 1; columns A 5, B 1, C 1; κ = (7·4 − 31)/(49 − 31) = −1/6.
    expect(a.series).toEqual([
      { date: '2026-11-01', reviewed: 5, agreement_rate: 1, cohen_kappa: 1 },
      { date: '2026-11-02', reviewed: 7, agreement_rate: 4 / 7, cohen_kappa: expect.closeTo(-1 / 6, 12) },
    ])
  })

  it('applies queue filters to reviews and segment to the item’s latest prediction', async () => {
    const q2 = await getAgreement(ch, { ...window, model: 'm1', queue: 'q2' }, later)
    // r3's reviews: i1 ✗, i4 ✗, i5 ✓, i7 ✓.
    expect(q2).toMatchObject({ reviewed: 4, agreement_rate: 0.5 })
    const s2 = await getAgreement(ch, { ...window, model: 'm1', segment: 's2' }, later)
    // i7 (A,A) ×3 (i3's counted review is gone): one unit [A,A,A] and a single category, no chance
    // correction for kappa either.
    expect(s2).toMatchObject({ reviewed: 3, agreement_rate: 1, cohen_kappa: null, pairwise_agreement: 1, krippendorff_alpha: null, fleiss_kappa: null, gwet_ac1: null })
  })

  it('narrows to a reviewer’s pairs but keeps the other reviewers of their items as evidence (SPEC 3.1)', async () => {
    const r2 = await getAgreement(ch, { ...window, model: 'm1', reviewer_id: 'r2' }, later)
    // r2's pairs: i1 (B,B), i2 (A,C), i8 (A,A).
    expect(r2).toMatchObject({ reviewed: 3, agreement_rate: 2 / 3, confusion: { labels: ['A', 'B', 'C'], matrix: [[1, 0, 1], [0, 1, 0], [0, 0, 0]] } })
    // Their row as in the unfiltered table: i2's others {r1 A, r4 A} hold A against r2's C (i1's
    // others {B, A} hold no majority, i8 has no other reviewer).
    expect(r2.reviewers).toEqual([
      { reviewer_id: 'r2', reviews: 3, agreement_with_model: 2 / 3, agreement_with_majority: 0, gold_accuracy: 0, median_handle_ms: 40_000 },
    ])
    // Units: the items r2 took part in with 2+ reviewers, all of them: i1 [B,B,A], i2 [A,C,A] (not i7).
    // Pairwise (1/3 + 1/3)/2. Fleiss: P̄ = 1/3, p = (3, 2, 1)/6, P̄e = 7/18, κ = (6 − 7)/(18 − 7).
    // Alpha: n = 6, Σ o_c≠k = 2 + 2, Σ n_c n_k = 36 − 14 = 22, α = 1 − 5·4/22. AC1: p_a = 1/3,
    // π = (1/2, 1/3, 1/6), p_e = ½ · 22/36 = 11/36, (12 − 11)/(36 − 11).
    expect(r2.inter_reviewer).toEqual({
      units: 2,
      pairwise_agreement: expect.closeTo(1 / 3, 12),
      fleiss_kappa: expect.closeTo(-1 / 11, 12),
      krippendorff_alpha: expect.closeTo(1 / 11, 12),
      gwet_ac1: expect.closeTo(1 / 25, 12),
      units_with_reviewer: 'r2',
    })
    expect(r2).toMatchObject({ pairwise_agreement: r2.inter_reviewer.pairwise_agreement, krippendorff_alpha: r2.inter_reviewer.krippendorff_alpha })
    expect(r2.filters.reviewer_id).toBe('r2')

    // A range cutting through i2's reviews ([11-02, 11-03): r1's of 11-01 is out): r2's only pair
    // is i2 (A,C); the single other reviewer in range, r4, holds A; the unit is [C, A].
    const day2 = await getAgreement(ch, { from: Date.UTC(2026, 10, 2), to: Date.UTC(2026, 10, 3), model: 'm1', reviewer_id: 'r2' }, later)
    expect(day2).toMatchObject({ reviewed: 1, agreement_rate: 0 })
    expect(day2.reviewers).toEqual([{ reviewer_id: 'r2', reviews: 1, agreement_with_model: 0, agreement_with_majority: 0, gold_accuracy: 0, median_handle_ms: 50_000 }])
    // One unit of two reviewers who disagree on two labels: α = 1 − 1·2/2, κ = AC1 = (0 − ½)/(1 − ½).
    expect(day2.inter_reviewer).toEqual({ units: 1, krippendorff_alpha: 0, fleiss_kappa: -1, gwet_ac1: -1, pairwise_agreement: 0, units_with_reviewer: 'r2' })

    // r3 (queue q2 alone): i1 [A,B,B] and i7 [A,A,A] as units; a queue filter keeps only q2's reviews,
    // so r3's items have no other reviewer there.
    const r3 = await getAgreement(ch, { ...window, model: 'm1', reviewer_id: 'r3' }, later)
    expect(r3.reviewers).toEqual([{ reviewer_id: 'r3', reviews: 4, agreement_with_model: 0.5, agreement_with_majority: 0.5, gold_accuracy: null, median_handle_ms: 20_000 }])
    expect(r3.inter_reviewer).toMatchObject({ units: 2, pairwise_agreement: expect.closeTo((1 / 3 + 1) / 2, 12) })
    const r3q2 = await getAgreement(ch, { ...window, model: 'm1', reviewer_id: 'r3', queue: 'q2' }, later)
    expect(r3q2.reviewers).toEqual([{ ...r3.reviewers[0], agreement_with_majority: null }])
    expect(r3q2.inter_reviewer).toMatchObject({ units: 0, pairwise_agreement: null, units_with_reviewer: 'r3' })

    // A reviewer with no review in view: nothing of theirs, no units, and still the note.
    const nobody = await getAgreement(ch, { ...window, model: 'm1', reviewer_id: 'r9' }, later)
    expect(nobody).toMatchObject({ reviewed: 0, reviewers: [], inter_reviewer: { units: 0, units_with_reviewer: 'r9' } })
  })

  it('has no units_with_reviewer without a reviewer filter', async () => {
    const a = await getAgreement(ch, { ...window, model: 'm1', queue: 'q1' }, later)
    expect(Object.keys(a.inter_reviewer)).toEqual(['units', 'krippendorff_alpha', 'fleiss_kappa', 'gwet_ac1', 'pairwise_agreement'])
  })

  it('agrees with the overview’s agreement_rate and answers nulls for an empty range', async () => {
    const [a, overview] = await Promise.all([getAgreement(ch, { ...window, model: 'm1' }, later), getOverview(ch, { ...window, model: 'm1' }, later)])
    expect(overview).toMatchObject({ reviews: a.reviewed, agreement_rate: a.agreement_rate })
    const empty = await getAgreement(ch, { from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 0, 2) }, later)
    expect(empty).toMatchObject({ reviewed: 0, agreement_rate: null, agreement_ci: null, cohen_kappa: null, reviewers: [], krippendorff_alpha: null })
    expect(empty.confusion).toEqual({ labels: [], matrix: [] })
  })
})

describe('agreement on chDB (random events against a naive reference)', () => {
  it('reads facts with retractions not yet merged away', async () => {
    for (const table of ['review_facts', 'review_durations']) {
      const [{ retracted }] = await queryRows(ch, {
        tag: 'test:retracted',
        schema: z.object({ retracted: z.number() }),
        query: `SELECT toInt64(countIf(sign = -1)) AS retracted FROM ${table}`,
      })
      expect(retracted, table).toBeGreaterThan(50)
    }
  })

  const cases = [
    {},
    { model: 'rb' },
    { model: 'ra', segment: 's2' },
    { reviewer_id: 'r2' },
    { queue: 'q2', model_version: 'v1' },
    // A reviewer filter keeps the other reviewers of their items as evidence (SPEC 3.1).
    { reviewer_id: 'r5', queue: 'q1' },
    { reviewer_id: 'r1', segment: 's3', model_version: 'v2' },
    { reviewer_id: 'r4', from: RANDOM_FROM + 30 * MS_PER_HOUR, to: RANDOM_TO - 20 * MS_PER_HOUR },
    // A range cutting through items' reviews: their units and majorities come from the reviews in it.
    { from: RANDOM_FROM + 30 * MS_PER_HOUR, to: RANDOM_TO - 20 * MS_PER_HOUR },
  ]
  for (const filters of cases) {
    it(`matches the reference for ${JSON.stringify(filters)}`, async () => {
      const input = { from: RANDOM_FROM, to: RANDOM_TO, ...filters }
      const actual = await getAgreement(ch, input, later)
      const expected = naiveAgreement(RANDOM, input)
      expect(actual.reviewed).toBeGreaterThan(filters === cases[0] ? 400 : 10)
      expect(actual.inter_reviewer.units).toBeGreaterThan(3)
      const { filters: _filters, ...figures } = actual
      expect(firstDifference(figures, expected)).toBeNull()
    })
  }

  it('gives each reviewer, filtered to, their row of the unfiltered table (SPEC 3.1: the evidence stays)', async () => {
    const views = [{}, { queue: 'q2' }, { model: 'rb', from: RANDOM_FROM + 30 * MS_PER_HOUR, to: RANDOM_TO - 20 * MS_PER_HOUR }]
    for (const view of views) {
      const input = { from: RANDOM_FROM, to: RANDOM_TO, ...view }
      const everyone = await getAgreement(ch, input, later)
      expect(everyone.reviewers.length).toBe(6)
      for (const row of everyone.reviewers) {
        const one = await getAgreement(ch, { ...input, reviewer_id: row.reviewer_id }, later)
        expect(one.reviewers, `${JSON.stringify(view)} ${row.reviewer_id}`).toEqual([row])
        expect(one.reviewed).toBe(row.reviews)
        expect(one.inter_reviewer.units).toBeGreaterThan(0)
        expect(one.inter_reviewer.units).toBeLessThan(everyone.inter_reviewer.units)
      }
    }
  })

  it('matches the overview over the random data', async () => {
    const input = { from: RANDOM_FROM, to: RANDOM_TO, model: 'ra' }
    const [a, overview] = await Promise.all([getAgreement(ch, input, later), getOverview(ch, input, later)])
    expect(overview.reviews).toBe(a.reviewed)
    expect(overview.agreement_rate).toBeCloseTo(a.agreement_rate!, 12)
  })
})

describe('agreement queries', () => {
  it('EXPLAINs every query function', async () => {
    const { client, recorded } = recordingClient(ch)
    // With a reviewer filter the reviews of their items are read from the facts; without, the rollups serve too.
    await getAgreement(client, { ...window, model: 'm1', segment: 's1', reviewer_id: 'r1', queue: 'q1' }, later)
    await getAgreement(client, { ...window, model: 'm1', segment: 's1' }, later)
    const tags = [...new Set(recorded.map((q) => q.tag).filter((tag) => tag.startsWith('agreement:')))]
    expect(tags.sort()).toEqual([
      'agreement:median_handle',
      'agreement:pairs',
      'agreement:partial_probe',
      'agreement:partial_reviews',
      'agreement:reviewer_items',
      'agreement:rollup_patterns',
      'agreement:rollup_reviewers',
      'agreement:whole_reviews',
    ])
    for (const query of recorded) {
      const plan = await explain(ch, query)
      expect(plan.join('\n')).toMatch(/ReadFromMergeTree|ReadFrom/)
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Naive reference: SPEC 3.1 computed from the raw events, every coefficient from its textbook form.

type Pair = [model: string, human: string]

function naiveKappa(pairs: Pair[]): number | null {
  const n = pairs.length
  if (n === 0) return null
  const observed = pairs.filter(([m, h]) => m === h).length / n
  let chance = 0
  for (const c of new Set(pairs.flat())) chance += (pairs.filter(([m]) => m === c).length / n) * (pairs.filter(([, h]) => h === c).length / n)
  return chance === 1 ? null : (observed - chance) / (1 - chance)
}

/** Krippendorff's alpha (nominal) from its coincidence matrix o_ck = Σ_u Σ_{i≠j} [c_i = c][c_j = k]/(m_u − 1). */
function naiveAlpha(units: string[][]): number | null {
  const o = new Map<string, Map<string, number>>()
  for (const unit of units) {
    for (let i = 0; i < unit.length; i++) {
      for (let j = 0; j < unit.length; j++) {
        if (i === j) continue
        const row = o.get(unit[i]) ?? new Map<string, number>()
        row.set(unit[j], (row.get(unit[j]) ?? 0) + 1 / (unit.length - 1))
        o.set(unit[i], row)
      }
    }
  }
  const nc = new Map([...o].map(([c, row]) => [c, [...row.values()].reduce((x, y) => x + y, 0)]))
  const n = [...nc.values()].reduce((x, y) => x + y, 0)
  let observed = 0
  let expected = 0
  for (const [c, row] of o) for (const [k, v] of row) if (c !== k) observed += v
  for (const [c, a] of nc) for (const [k, b] of nc) if (c !== k) expected += (a * b) / (n - 1)
  return expected === 0 ? null : 1 - observed / expected
}

function naiveFleiss(units: string[][]): number | null {
  if (units.length === 0 || units.some((u) => u.length !== units[0].length)) return null
  const m = units[0].length
  const categories = [...new Set(units.flat())]
  if (categories.length < 2) return null
  const count = (u: string[], c: string) => u.filter((x) => x === c).length
  const pBar = units.reduce((sum, u) => sum + (categories.reduce((s, c) => s + count(u, c) ** 2, 0) - m) / (m * (m - 1)), 0) / units.length
  const pe = categories.reduce((sum, c) => sum + (units.reduce((s, u) => s + count(u, c), 0) / (units.length * m)) ** 2, 0)
  return (pBar - pe) / (1 - pe)
}

function naiveGwet(units: string[][]): number | null {
  const categories = [...new Set(units.flat())]
  if (units.length === 0 || categories.length < 2) return null
  const count = (u: string[], c: string) => u.filter((x) => x === c).length
  const pa = units.reduce((sum, u) => sum + categories.reduce((s, c) => s + count(u, c) * (count(u, c) - 1), 0) / (u.length * (u.length - 1)), 0) / units.length
  const pe =
    categories.reduce((sum, c) => {
      const pi = units.reduce((s, u) => s + count(u, c) / u.length, 0) / units.length
      return sum + pi * (1 - pi)
    }, 0) /
    (categories.length - 1)
  return (pa - pe) / (1 - pe)
}

function naivePairwise(units: string[][]): number | null {
  if (units.length === 0) return null
  let sum = 0
  for (const u of units) {
    let agreeing = 0
    let all = 0
    for (let i = 0; i < u.length; i++) for (let j = i + 1; j < u.length; j++) (all += 1), (agreeing += u[i] === u[j] ? 1 : 0)
    sum += agreeing / all
  }
  return sum / units.length
}

function naiveAgreement(events: Events, f: ReferenceFilters) {
  const predictions = latestPredictions(events, f)
  const counted = countedReviews(events, f).filter((r) => predictions.has(itemKey(r)))
  // The majorities and units read every reviewer's counted reviews, also under a reviewer filter.
  const evidence = evidenceReviews(events, f).filter((r) => predictions.has(itemKey(r)))
  const pairOf = (r: (typeof counted)[number]): Pair => [predictions.get(itemKey(r))!.predicted_label, r.label]
  const pairs = counted.map(pairOf)
  const agreeing = pairs.filter(([m, h]) => m === h).length
  const labels = [...new Set(pairs.flat())].sort()
  const matrix = labels.map((m) => labels.map((h) => pairs.filter((pair) => pair[0] === m && pair[1] === h).length))
  const byItem = new Map<string, typeof counted>()
  for (const r of evidence) byItem.set(itemKey(r), [...(byItem.get(itemKey(r)) ?? []), r])
  const units = referenceUnits(evidence, f.reviewer_id)
  const interReviewer = {
    units: units.length,
    krippendorff_alpha: naiveAlpha(units),
    fleiss_kappa: naiveFleiss(units),
    gwet_ac1: naiveGwet(units),
    pairwise_agreement: naivePairwise(units),
    ...(f.reviewer_id === undefined ? {} : { units_with_reviewer: f.reviewer_id }),
  }
  const gold = goldLabels(events)
  const reviewers = [...new Set(counted.map((r) => r.reviewer_id))].sort().map((reviewer_id) => {
    const own = counted.filter((r) => r.reviewer_id === reviewer_id)
    let majorityItems = 0
    let majorityAgreeing = 0
    for (const r of own) {
      const others = byItem.get(itemKey(r))!.filter((x) => x.reviewer_id !== r.reviewer_id).map((x) => x.label)
      const majority = [...new Set(others)].find((label) => 2 * others.filter((x) => x === label).length > others.length)
      if (majority === undefined) continue
      majorityItems += 1
      majorityAgreeing += majority === r.label ? 1 : 0
    }
    const withGold = own.filter((r) => gold.has(itemKey(r)))
    return {
      reviewer_id,
      reviews: own.length,
      agreement_with_model: own.filter((r) => pairOf(r)[0] === r.label).length / own.length,
      agreement_with_majority: majorityItems === 0 ? null : majorityAgreeing / majorityItems,
      gold_accuracy: withGold.length === 0 ? null : withGold.filter((r) => gold.get(itemKey(r)) === r.label).length / withGold.length,
      median_handle_ms: naiveMedian(own.flatMap((r) => (r.duration_ms === null ? [] : [r.duration_ms]))),
    }
  })
  const series = utcDays(f.from, f.to).map((date) => {
    const day = counted.filter((r) => new Date(r.ts).toISOString().slice(0, 10) === date).map(pairOf)
    const agree = day.filter(([m, h]) => m === h).length
    return { date, reviewed: day.length, agreement_rate: day.length ? agree / day.length : null, cohen_kappa: naiveKappa(day) }
  })
  const n = pairs.length
  const { units: _units, units_with_reviewer: _reviewer, ...figures } = interReviewer
  return {
    reviewed: n,
    agreement_rate: n ? agreeing / n : null,
    agreement_ci: wilsonInterval(agreeing, n),
    override_rate: n ? (n - agreeing) / n : null,
    cohen_kappa: naiveKappa(pairs),
    confusion: { labels, matrix },
    ...figures,
    inter_reviewer: interReviewer,
    reviewers,
    series,
  }
}
