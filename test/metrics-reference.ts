// Random telemetry for the chDB cross-checks, and a naive reference implementation of the SPEC §2–3
// rules (latest prediction, counted reviews, reference labels and weights) computed straight from
// the raw events in plain TypeScript, with no SQL and none of the production query code.
import { MS_PER_DAY } from '@/analytics/shared/time'
export { mulberry32 } from './prng'
import { mulberry32 } from './prng'

export interface Prediction {
  event_id: string
  ts: number
  model: string
  item_id: string
  model_version: string
  segment: string
  predicted_label: string
  confidence: number
  route: 'auto' | 'review' | 'audit'
  propensity: number
}
export interface Review {
  event_id: string
  ts: number
  model: string
  item_id: string
  reviewer_id: string
  label: string
  duration_ms: number | null
  queue: string
}
export interface Outcome {
  event_id: string
  ts: number
  model: string
  item_id: string
  true_label: string
  source: 'gold' | 'audit' | 'downstream' | 'adjudication'
}
export interface Events {
  predictions: Prediction[]
  reviews: Review[]
  outcomes: Outcome[]
}


/** The range of the random data (December, clear of the hand-built scenarios in November). */
export const RANDOM_FROM = Date.UTC(2026, 11, 1)
export const RANDOM_TO = Date.UTC(2026, 11, 8)
const LABELS = ['a', 'b', 'c'] as const
const REVIEWERS = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'] as const
/** Confidences at and around bin edges, where floor(c·bins) rounding matters. */
const EDGE_CONFIDENCES = [0, 0.1, 0.14, 0.2, 0.29, 0.3, 0.5, 0.58, 0.7, 0.9, 1]
/** Timestamps are a multiple of TS_GRAIN plus a unique event counter: no two events share a ts. */
const TS_GRAIN = 8192

/**
 * Random events around [RANDOM_FROM, RANDOM_TO): predictions from weeks before the range to after it, re-scored items, reviews with corrections and several reviewers, late and early outcomes,
 * zero propensities. Every ts is distinct, so "latest" never needs a tie-break here (ties are
 * tested by hand).
 */
export function generateEvents(seed: number, itemsPerModel: number): Events {
  const random = mulberry32(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  let counter = 0
  const at = (start: number, end: number) => {
    counter += 1
    if (counter >= TS_GRAIN) throw new Error('too many events for distinct timestamps')
    // ts mod TS_GRAIN is the counter: distinct for every event.
    return Math.floor((start + random() * (end - start)) / TS_GRAIN) * TS_GRAIN + counter
  }
  const day = (offset: number) => RANDOM_FROM + offset * MS_PER_DAY
  const events: Events = { predictions: [], reviews: [], outcomes: [] }
  for (const model of ['ra', 'rb']) {
    for (let i = 0; i < itemsPerModel; i++) {
      const item_id = `it-${i}`
      const truth = pick(LABELS)
      const scores = random() < 0.2 ? 2 : 1
      let lastTs = 0
      for (let s = 0; s < scores; s++) {
        const route = random() < 0.4 ? 'review' : random() < 0.3 ? 'audit' : 'auto'
        const ts = at(day(-20), day(8))
        lastTs = Math.max(lastTs, ts)
        const confidence = random() < 0.3 ? pick(EDGE_CONFIDENCES) : random()
        events.predictions.push({
          event_id: `p-${model}-${i}-${s}`,
          ts,
          model,
          item_id,
          model_version: pick(['v1', 'v2']),
          segment: pick(['s1', 's2', 's3']),
          predicted_label: random() < 0.6 ? truth : pick(LABELS),
          confidence,
          route,
          propensity: route === 'review' ? 1 : route === 'audit' ? pick([0.05, 0.1, 0.25, 0.5]) : pick([0, 0, 0.05, 0.1]),
        })
      }
      if (random() < 0.6) {
        const reviewers = [...REVIEWERS].sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 4))
        for (const reviewer_id of reviewers) {
          const times = random() < 0.2 ? 2 : 1
          for (let k = 0; k < times; k++) {
            events.reviews.push({
              event_id: `r-${model}-${i}-${reviewer_id}-${k}`,
              ts: at(lastTs - 2 * MS_PER_DAY, day(11)),
              model,
              item_id,
              reviewer_id,
              label: random() < 0.7 ? truth : pick(LABELS),
              duration_ms: random() < 0.7 ? Math.floor(random() * 600_000) : null,
              queue: pick(['q1', 'q2']),
            })
          }
        }
      }
      if (random() < 0.3) {
        for (let k = 0; k < (random() < 0.2 ? 2 : 1); k++) {
          events.outcomes.push({
            event_id: `o-${model}-${i}-${k}`,
            ts: at(day(-42), day(24)),
            model,
            item_id,
            true_label: random() < 0.85 ? truth : pick(LABELS),
            source: pick(['gold', 'audit', 'downstream', 'adjudication'] as const),
          })
        }
      }
    }
  }
  return events
}

/** The events as the ingest API takes them. */
export function toApiEvents(events: Events): object[] {
  return [
    ...events.predictions.map((p) => ({ type: 'prediction', ...p })),
    ...events.reviews.map(({ duration_ms, ...r }) => ({ type: 'review', ...r, ...(duration_ms === null ? {} : { duration_ms }) })),
    ...events.outcomes.map((o) => ({ type: 'outcome', ...o })),
  ]
}

export interface ReferenceFilters {
  from: number
  to: number
  model?: string
  segment?: string
  model_version?: string
  reviewer_id?: string
  queue?: string
}

export const itemKey = (e: { model: string; item_id: string }) => `${e.model}\u0000${e.item_id}`

/** The latest event of each key by ts (every ts is distinct in generated data). */
function latestBy<E extends { ts: number }>(events: readonly E[], key: (e: E) => string): Map<string, E> {
  const latest = new Map<string, E>()
  for (const e of events) {
    const seen = latest.get(key(e))
    if (!seen || e.ts > seen.ts) latest.set(key(e), e)
  }
  return latest
}

/** SPEC §2: each item's latest prediction overall (whatever its ts), then the model and slice filters. */
export function latestPredictions(events: Events, f: ReferenceFilters): Map<string, Prediction> {
  const latest = latestBy(
    events.predictions.filter((p) => f.model === undefined || p.model === f.model),
    itemKey,
  )
  for (const [key, p] of latest) {
    if ((f.segment !== undefined && p.segment !== f.segment) || (f.model_version !== undefined && p.model_version !== f.model_version)) {
      latest.delete(key)
    }
  }
  return latest
}

/**
 * SPEC §3.1 counted reviews: each reviewer's latest review of each item overall, then those in
 * [from, to) by their own ts that pass the model, reviewer and queue filters.
 */
export function countedReviews(events: Events, f: ReferenceFilters): Review[] {
  return [...latestBy(events.reviews, (r) => `${itemKey(r)}\u0000${r.reviewer_id}`).values()].filter(
    (r) =>
      r.ts >= f.from &&
      r.ts < f.to &&
      (f.model === undefined || r.model === f.model) &&
      (f.reviewer_id === undefined || r.reviewer_id === f.reviewer_id) &&
      (f.queue === undefined || r.queue === f.queue),
  )
}

/**
 * SPEC §3.1, last bullet: a reviewer filter narrows whose figures are shown, not the evidence. The
 * evidence is every reviewer's counted reviews under the other filters; the filtered reviewer's
 * majorities compare with the others' on the same items, and the units are the items they took
 * part in, with all of those items' counted reviews. Without a reviewer filter, every counted review.
 */
export function evidenceReviews(events: Events, f: ReferenceFilters): Review[] {
  return countedReviews(events, { ...f, reviewer_id: undefined })
}

/**
 * The units of the inter-reviewer figures: the labels of each item's counted reviews (`evidence`,
 * grouped by item) with 2 or more distinct reviewers, under a reviewer filter only the items that
 * reviewer took part in.
 */
export function referenceUnits(evidence: readonly Review[], reviewerId?: string): string[][] {
  const byItem = new Map<string, Review[]>()
  for (const r of evidence) byItem.set(itemKey(r), [...(byItem.get(itemKey(r)) ?? []), r])
  return [...byItem.values()]
    .filter((list) => list.length >= 2 && (reviewerId === undefined || list.some((r) => r.reviewer_id === reviewerId)))
    .map((list) => list.map((r) => r.label))
}

export interface ReferenceLabel {
  label: string
  /** From a gold or downstream outcome: weight 1. */
  unitWeight: boolean
}

/**
 * SPEC §3 reference labels from every label event, whatever its ts: the latest outcome, else the
 * majority of the reviewers' latest reviews, ties to the earliest vote (distinct ts here, so no
 * further tie).
 */
export function referenceLabels(events: Events): Map<string, ReferenceLabel> {
  const labels = new Map<string, ReferenceLabel>()
  const votesByItem = new Map<string, Review[]>()
  const latestVotes = latestBy(events.reviews, (r) => `${itemKey(r)}\u0000${r.reviewer_id}`)
  for (const vote of latestVotes.values()) {
    const list = votesByItem.get(itemKey(vote)) ?? []
    list.push(vote)
    votesByItem.set(itemKey(vote), list)
  }
  for (const [key, votes] of votesByItem) {
    const tally = new Map<string, { votes: number; earliest: number }>()
    for (const v of votes) {
      const t = tally.get(v.label) ?? { votes: 0, earliest: Infinity }
      tally.set(v.label, { votes: t.votes + 1, earliest: Math.min(t.earliest, v.ts) })
    }
    const [best] = [...tally].sort(([, a], [, b]) => b.votes - a.votes || a.earliest - b.earliest)
    labels.set(key, { label: best[0], unitWeight: false })
  }
  for (const [key, outcome] of latestBy(events.outcomes, itemKey)) {
    labels.set(key, { label: outcome.true_label, unitWeight: outcome.source === 'gold' || outcome.source === 'downstream' })
  }
  return labels
}

/** The latest gold outcome's label per item (whatever its ts). */
export function goldLabels(events: Events): Map<string, string> {
  const gold = events.outcomes.filter((o) => o.source === 'gold')
  return new Map([...latestBy(gold, itemKey)].map(([key, o]) => [key, o.true_label]))
}

/** Type-7 median the textbook way (numpy: h = p·(n − 1), 0-based). */
export function naiveMedian(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const h = 0.5 * (sorted.length - 1)
  const lower = Math.floor(h)
  return lower + 1 < sorted.length ? sorted[lower] + (h - lower) * (sorted[lower + 1] - sorted[lower]) : sorted[lower]
}

/** UTC 'YYYY-MM-DD' days intersecting [from, to). */
export function utcDays(from: number, to: number): string[] {
  const days: string[] = []
  for (let d = Math.floor(from / MS_PER_DAY) * MS_PER_DAY; d < to; d += MS_PER_DAY) days.push(new Date(d).toISOString().slice(0, 10))
  return days
}

/**
 * Asserts that two JSON-like values are equal, numbers to within `tolerance` (absolute, or
 * relative for large values); returns the first difference's path, or null.
 */
export function firstDifference(actual: unknown, expected: unknown, tolerance = 1e-9, path = '$'): string | null {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)) ? null : `${path}: ${actual} ≠ ${expected}`
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${path}: length ${JSON.stringify(actual)?.slice(0, 200)} ≠ ${expected.length}`
    for (let i = 0; i < expected.length; i++) {
      const difference = firstDifference(actual[i], expected[i], tolerance, `${path}[${i}]`)
      if (difference) return difference
    }
    return null
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return `${path}: ${JSON.stringify(actual)} is not an object`
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual as object)])
    for (const key of keys) {
      const difference = firstDifference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], tolerance, `${path}.${key}`)
      if (difference) return difference
    }
    return null
  }
  return Object.is(actual, expected) ? null : `${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`
}
