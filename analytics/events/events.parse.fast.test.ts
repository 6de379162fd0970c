import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parseWellFormedEvent, validateEvent } from './events.parse'
import { EVENT_TYPES, EventInput, LIMITS, OutcomeInput, PredictionInput, ReviewInput, type EventType } from './events.schema'

// The fast path must never accept what EventInput rejects, nor return anything else than it does:
// every base event below, with every field of the schema (PredictionInput, ReviewInput,
// OutcomeInput) replaced by every awkward value, is checked.

/** Each event type's zod object: the fields come from here, so a field added to the schema is checked too. */
const SCHEMAS = { prediction: PredictionInput, review: ReviewInput, outcome: OutcomeInput } as const satisfies Record<EventType, unknown>
const schemaFields = (type: EventType): string[] => Object.keys(SCHEMAS[type].shape).sort()
/** Every field of every event type (a prediction field set on a review too: zod strips it, so must the fast path). */
const FIELDS = [...new Set(EVENT_TYPES.flatMap(schemaFields))].sort()

const prediction = {
  type: 'prediction',
  event_id: 'p1',
  ts: '2026-11-01T10:00:00Z',
  model: 'm',
  model_version: 'v2',
  segment: 'eu',
  item_id: 'i1',
  predicted_label: 'yes',
  confidence: 0.9,
  route: 'audit',
  propensity: 0.05,
  threshold: 0.8,
  policy_version: 3,
  attributes: { channel: 'web' },
}
const review = {
  type: 'review',
  event_id: 'r1',
  ts: 1_793_527_200_000,
  model: 'm',
  item_id: 'i1',
  reviewer_id: 'ann',
  label: 'yes',
  started_at: '2026-11-01T09:59:00Z',
  duration_ms: 45_000,
  queue: 'priority',
}
const outcome = { type: 'outcome', event_id: 'o1', ts: '2026-11-01 10:00:00.123', model: 'm', item_id: 'i1', true_label: 'no', source: 'gold' }
const minimal = [
  { type: 'prediction', ts: '2026-11-01', model: 'm', item_id: 'i', predicted_label: 'x', confidence: 1, route: 'auto' },
  { type: 'review', ts: '2026-11-01T10:00Z', model: 'm', item_id: 'i', reviewer_id: 'r', label: 'x' },
  { type: 'outcome', ts: 1_793_527_200_000, model: 'm', item_id: 'i', true_label: 'x', source: 'downstream' },
]
/** The full events: each sets every field of its type's schema to a valid value (asserted below). */
const full = { prediction, review, outcome } as const satisfies Record<EventType, Record<string, unknown>>
const bases: Record<string, unknown>[] = [prediction, { ...prediction, route: 'review', propensity: undefined }, review, outcome, ...minimal]

const text = (n: number) => 'x'.repeat(n)
const manyKeys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']))
const AWKWARD: unknown[] = [
  undefined,
  null,
  '',
  'x',
  text(LIMITS.model),
  text(LIMITS.model + 1),
  text(LIMITS.itemId),
  text(LIMITS.itemId + 1),
  text(LIMITS.label + 1),
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  1e-300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 32 - 1,
  2 ** 32,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  true,
  [],
  ['a'],
  {},
  { a: 'b' },
  { a: 1 },
  { a: null },
  JSON.parse('{"__proto__": "x"}'),
  Object.create({ inherited: 'x' }),
  manyKeys(LIMITS.attributeKeys),
  manyKeys(LIMITS.attributeKeys + 1),
  { [text(LIMITS.attributeKey)]: text(LIMITS.attributeValue) },
  { [text(LIMITS.attributeKey + 1)]: 'v' },
  { k: text(LIMITS.attributeValue + 1) },
  // Every enum value the schema knows (a value added there is tried in every field).
  ...new Set([...EVENT_TYPES, ...PredictionInput.shape.route.options, ...OutcomeInput.shape.source.options]),
  '2026-11-01',
  '2026-02-30T00:00:00Z',
  '2026-11-01T10:00:00.5+02:00',
  '2026-11-01T11:00:00Z',
  '1999-12-31T23:59:59.999Z',
  '2000-01-01T00:00:00Z',
  '2199-12-31T23:59:59.999Z',
  '2200-01-01T00:00:00Z',
  `2026-11-01T10:00:00.${'1'.repeat(30)}`,
  'yesterday',
  // The form toISOString writes takes its own fast parse: calendar and clock edges.
  '2024-02-29T12:00:00.000Z',
  '2026-02-29T12:00:00.000Z',
  '2000-02-29T00:00:00.000Z',
  '2100-02-29T00:00:00.000Z',
  '2026-04-31T00:00:00.000Z',
  '2026-12-31T23:59:59.999Z',
  '2026-13-01T00:00:00.000Z',
  '2026-00-10T00:00:00.000Z',
  '2026-04-00T00:00:00.000Z',
  '2026-11-01T24:00:00.000Z',
  '2026-11-01T23:60:00.000Z',
  '2026-11-01T23:59:60.000Z',
  '0099-01-01T00:00:00.000Z',
  '2026-11-01T10:00:00.000z',
  '2026-11-01t10:00:00.000Z',
  Date.UTC(2000, 0, 1) - 1,
  Date.UTC(2000, 0, 1),
  Date.UTC(2200, 0, 1) - 0.4,
  Date.UTC(2200, 0, 1),
  1_793_527_200_000.6,
  1_793_527_260_000,
  1_700_000_000,
]

function* variants(): Generator<Record<string, unknown>> {
  for (const base of bases) {
    yield base
    for (const field of FIELDS) {
      for (const value of AWKWARD) {
        const variant: Record<string, unknown> = { ...base }
        if (value === undefined) delete variant[field]
        else variant[field] = value
        yield variant
      }
    }
  }
}

describe('validateEvent fast path', () => {
  it('is checked on every field of the schema', () => {
    // A field added to PredictionInput, ReviewInput or OutcomeInput must be set in its full event,
    // so that 'accepts only what EventInput accepts' sees the fast path return it (or give up on it).
    for (const type of EVENT_TYPES) expect(Object.keys(full[type]).sort(), type).toEqual(schemaFields(type))
    expect(FIELDS).toEqual(expect.arrayContaining(['attributes', 'confidence', 'duration_ms', 'queue', 'source', 'started_at', 'true_label']))
  })

  it('carries every schema field through, not only the events it gives up on', () => {
    // For each type and field: some event that the fast path takes has the field set by zod (the
    // value was given or has a default) and the fast path returns the same value for it. A field
    // the fast path never reads fails here, and in 'accepts only what EventInput accepts'.
    const carried = new Map<EventType, Set<string>>(EVENT_TYPES.map((type) => [type, new Set<string>()]))
    for (const value of variants()) {
      const quick = parseWellFormedEvent(value)
      if (quick === undefined) continue
      const parsed = EventInput.safeParse(value)
      if (!parsed.success) continue // 'accepts only what EventInput accepts' fails on it
      for (const [field, fieldValue] of Object.entries(parsed.data)) {
        if (fieldValue !== undefined && isDeepStrictEqual((quick as Record<string, unknown>)[field], fieldValue)) carried.get(quick.type)!.add(field)
      }
    }
    for (const type of EVENT_TYPES) expect([...carried.get(type)!].sort(), type).toEqual(schemaFields(type))
  })

  it('accepts only what EventInput accepts, with the same result', () => {
    let fast = 0
    let checked = 0
    for (const value of variants()) {
      checked++
      const quick = parseWellFormedEvent(value)
      if (quick === undefined) continue
      fast++
      const parsed = EventInput.safeParse(value)
      expect(parsed.success, JSON.stringify(value)).toBe(true)
      expect(quick, JSON.stringify(value)).toEqual(parsed.data)
    }
    expect(checked).toBeGreaterThan(2_000)
    expect(fast).toBeGreaterThan(500)
  })

  it('takes well-formed events of every type', () => {
    for (const base of bases) expect(parseWellFormedEvent(base), JSON.stringify(base)).toBeDefined()
  })

  it('leaves every rejection, and its message, to zod', () => {
    for (const value of variants()) {
      const parsed = EventInput.safeParse(value)
      if (parsed.success) continue
      expect(parseWellFormedEvent(value)).toBeUndefined()
      expect(validateEvent(value)).toHaveProperty('error')
    }
  })
})
