import { describe, expect, it } from 'vitest'
import { BodyFormatError, decodeNdjson, jsonArrayExceeds, parseEventsBody, TooManyEventsError, validateEvent, validateValues } from './events.parse'
import { DEFAULT_MAX_EVENTS_PER_REQUEST } from '@/lib/env'
import { mulberry32 } from '@/test/metrics-reference'

const enc = (s: string) => new TextEncoder().encode(s)
const prediction = {
  type: 'prediction',
  event_id: 'p1',
  ts: '2026-11-01T10:00:00Z',
  model: 'm',
  item_id: 'i1',
  predicted_label: 'yes',
  confidence: 0.9,
  route: 'auto',
}

function errorOf(value: unknown): string {
  const result = validateEvent(value)
  if (!('error' in result)) throw new Error('expected an error')
  return result.error
}

describe('validateEvent', () => {
  it('normalises a prediction with SPEC defaults', () => {
    const result = validateEvent(prediction)
    expect(result).toEqual({
      event: {
        type: 'prediction',
        row: {
          event_id: 'p1',
          ts: '2026-11-01 10:00:00.000',
          model: 'm',
          model_version: '',
          segment: '',
          item_id: 'i1',
          predicted_label: 'yes',
          confidence: 0.9,
          route: 'auto',
          propensity: 0,
          threshold: null,
          policy_version: null,
          attributes: {},
        },
      },
    })
  })

  it('defaults the propensity of a review-routed prediction to 1', () => {
    const result = validateEvent({ ...prediction, route: 'review' })
    expect('event' in result && result.event.type === 'prediction' && result.event.row.propensity).toBe(1)
  })

  it('accepts epoch milliseconds and keeps millisecond precision in UTC', () => {
    const result = validateEvent({ ...prediction, ts: Date.UTC(2026, 10, 1, 10, 0, 0, 123) })
    expect('event' in result && result.event.row.ts).toBe('2026-11-01 10:00:00.123')
  })

  it('converts an offset timestamp to UTC', () => {
    const result = validateEvent({ ...prediction, ts: '2026-11-01T12:00:00.5+02:00' })
    expect('event' in result && result.event.row.ts).toBe('2026-11-01 10:00:00.500')
  })

  it('derives duration_ms from started_at when absent', () => {
    const result = validateEvent({
      type: 'review',
      ts: '2026-11-01T10:01:00Z',
      started_at: '2026-11-01T10:00:00Z',
      model: 'm',
      item_id: 'i1',
      reviewer_id: 'r1',
      label: 'yes',
    })
    expect('event' in result && result.event.type === 'review' && result.event.row.duration_ms).toBe(60_000)
  })

  it('gives a generated event_id when none is sent', () => {
    const { event_id: _, ...withoutId } = prediction
    const result = validateEvent(withoutId)
    expect('event' in result && result.event.row.event_id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it.each([
    [{ ...prediction, confidence: 1.5 }, 'confidence: must be between 0 and 1'],
    [{ ...prediction, confidence: -0.1 }, 'confidence: must be between 0 and 1'],
    [{ ...prediction, confidence: '0.9' }, 'confidence: '],
    [{ ...prediction, confidence: Infinity }, 'confidence: '],
    [{ ...prediction, confidence: Number.NaN }, 'confidence: '],
    [{ ...prediction, type: 'click' }, 'type: must be one of "prediction", "review", "outcome"'],
    [{ ...prediction, model: undefined }, 'model: '],
    [{ ...prediction, model: '' }, 'model: must not be empty'],
    [{ ...prediction, item_id: 'x'.repeat(257) }, 'item_id: must be at most 256 characters'],
    [{ ...prediction, model: 'x'.repeat(10 * 1024 * 1024) }, 'model: must be at most 128 characters'],
    [{ ...prediction, route: 'audit' }, 'propensity: is required when route is "audit"'],
    [{ ...prediction, route: 'maybe' }, 'route: must be one of "auto", "review", "audit"'],
    [{ ...prediction, ts: 'yesterday' }, 'ts: must be an ISO-8601 timestamp or epoch milliseconds'],
    [{ ...prediction, ts: '2026-02-30T00:00:00Z' }, 'ts: must be an ISO-8601 timestamp or epoch milliseconds'],
    [{ ...prediction, ts: 1_761_990_000 }, 'ts: must be a time between 2000 and 2199 (epoch milliseconds, not seconds)'],
    [{ ...prediction, ts: undefined }, 'ts: '],
    [{ ...prediction, event_id: 'e'.repeat(129) }, 'event_id: must be at most 128 characters'],
    [{ ...prediction, attributes: { a: 1 } }, 'attributes.a: '],
    [{ ...prediction, attributes: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) }, 'attributes: must have at most 32 keys'],
    [{ ...prediction, policy_version: 1.5 }, 'policy_version: must be an integer'],
    [{ type: 'review', ts: 1_800_000_000_000, model: 'm', item_id: 'i', reviewer_id: 'r', label: 'x', duration_ms: -1 }, 'duration_ms: must be ≥ 0'],
    [{ type: 'outcome', ts: 1_800_000_000_000, model: 'm', item_id: 'i', true_label: 'x', source: 'oracle' }, 'source: must be one of'],
    [{ type: 'outcome', ts: 1_800_000_000_000, model: 'm', item_id: 'i', source: 'gold' }, 'true_label: '],
    [[1, 2], 'event: must be a JSON object'],
    [{ ts: 1 }, 'type: is required'],
  ])('rejects %# with a message naming the field', (value, expected) => {
    expect(errorOf(value)).toContain(expected)
  })
})

describe('parseEventsBody', () => {
  it('parses a JSON array and reports each invalid index', () => {
    const batch = parseEventsBody(enc(JSON.stringify([prediction, { ...prediction, confidence: 2 }, prediction])), { ndjson: false })
    expect(batch.total).toBe(3)
    expect(batch.events.map((e) => e.index)).toEqual([0, 2])
    expect(batch.rejected).toEqual([{ index: 1, error: 'confidence: must be between 0 and 1' }])
  })

  it('parses NDJSON, skipping blank lines and rejecting a truncated line only', () => {
    const body = `${JSON.stringify(prediction)}\n\n${JSON.stringify(prediction).slice(0, 30)}\n${JSON.stringify(prediction)}\n`
    const batch = parseEventsBody(enc(body), { ndjson: true })
    expect(batch.events.map((e) => e.index)).toEqual([0, 2])
    expect(batch.rejected).toEqual([{ index: 1, error: 'line: is not valid JSON (truncated or malformed)' }])
  })

  it('rejects an NDJSON line with invalid UTF-8 and keeps the others', () => {
    const good = enc(`${JSON.stringify(prediction)}\n`)
    const bad = new Uint8Array([...enc('{"type":"prediction","model":"'), 0xff, 0xfe, ...enc('"}\n')])
    const batch = parseEventsBody(new Uint8Array([...good, ...bad, ...good]), { ndjson: true })
    expect(batch.events).toHaveLength(2)
    expect(batch.rejected).toEqual([{ index: 1, error: 'line: is not valid UTF-8' }])
  })

  it('accepts NDJSON without the content type and a single pretty-printed object', () => {
    expect(parseEventsBody(enc(`${JSON.stringify(prediction)}\n${JSON.stringify(prediction)}`), { ndjson: false }).events).toHaveLength(2)
    expect(parseEventsBody(enc(JSON.stringify(prediction, null, 2)), { ndjson: false }).events).toHaveLength(1)
  })

  it.each([
    ['', 'empty'],
    ['   \n', 'empty'],
    ['not json at all', 'neither a JSON array nor NDJSON'],
    ['[{"type": "prediction"', 'not valid JSON'],
  ])('refuses a body that is not JSON or NDJSON (%#)', (body, message) => {
    expect(() => parseEventsBody(enc(body), { ndjson: false })).toThrow(BodyFormatError)
    expect(() => parseEventsBody(enc(body), { ndjson: false })).toThrow(message)
  })

  it('rejects deeply nested JSON as an invalid event without storing it', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const batch = parseEventsBody(enc(`[${deep}, {"type": "prediction", "attributes": ${deep}}]`), { ndjson: false })
    expect(batch.events).toHaveLength(0)
    expect(batch.rejected.map((r) => r.error)).toEqual(['event: must be a JSON object', expect.stringMatching(/^ts: /)])
  })

  it('refuses a JSON body with invalid UTF-8', () => {
    expect(() => parseEventsBody(new Uint8Array([0x5b, 0xff, 0x5d]), { ndjson: false })).toThrow('not valid UTF-8')
  })
})

describe('decodeNdjson', () => {
  // The byte-by-byte split it replaced: the lines, and so the indexes, must stay the same.
  function reference(body: Uint8Array): Array<{ value: unknown } | { error: string }> {
    const utf8 = new TextDecoder('utf-8', { fatal: true })
    const out: Array<{ value: unknown } | { error: string }> = []
    let start = 0
    for (let i = 0; i <= body.length; i++) {
      if (i < body.length && body[i] !== 0x0a) continue
      const line = body.subarray(start, i)
      start = i + 1
      let text: string
      try {
        text = utf8.decode(line)
      } catch {
        out.push({ error: 'line: is not valid UTF-8' })
        continue
      }
      if (text.trim() === '') continue
      try {
        out.push({ value: JSON.parse(text) })
      } catch {
        out.push({ error: 'line: is not valid JSON (truncated or malformed)' })
      }
    }
    return out
  }

  it.each([
    '',
    '\n',
    '{"a":1}',
    '{"a":1}\n',
    '\n\n{"a":1}\n\n{"b":"ü€😀"}',
    '{"a":1}\r\n{"b":2}\r\n',
    '\ufeff{"a":1}\n\ufeff{"b":2}\n\ufeff\n',
    '{"a":\n1}\n  \t \n[1,2]\n"x"\n',
  ])('splits and decodes like a byte-by-byte split (%#)', (text) => {
    const body = enc(text)
    expect(decodeNdjson(body)).toEqual(reference(body))
  })

  it('splits random bodies like a byte-by-byte split, with and without invalid bytes', () => {
    const random = mulberry32(5)
    const pieces = ['{"a":1}', '{"b":"ü€😀"}', '[1,2]', '{"a":', '', '  \t ', '\ufeff', '\ufeff{"c":3}', '"x"', '{"d":null}\r']
    for (let n = 0; n < 300; n++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)])
      const valid = enc(lines.join('\n'))
      expect(decodeNdjson(valid)).toEqual(reference(valid))
      const broken = new Uint8Array([...valid.subarray(0, Math.floor(random() * valid.length)), 0xff, ...valid.subarray(Math.floor(random() * valid.length))])
      expect(decodeNdjson(broken)).toEqual(reference(broken))
    }
  })

  it('keeps the lines around invalid UTF-8', () => {
    const body = new Uint8Array([...enc('{"a":1}\n'), 0xff, 0x0a, 0xe2, 0x82, ...enc('\n{"b":2}')])
    expect(decodeNdjson(body)).toEqual(reference(body))
    expect(decodeNdjson(Buffer.from(body))).toEqual(reference(body))
  })
})

describe('limits of one body', () => {
  it('lists the first 1,000 rejections and counts the others without building them', () => {
    const values = [{ value: prediction }, ...Array.from({ length: 2_000 }, () => ({ value: {} })), { error: 'line: is not valid UTF-8' }]
    const batch = validateValues(values)
    expect(batch.events).toHaveLength(1)
    expect(batch.rejectedCount).toBe(2_001)
    expect(batch.rejected).toHaveLength(1_000)
    expect(batch.rejected[0]).toEqual({ index: 1, error: 'type: is required' })
    expect(batch.rejected.at(-1)?.index).toBe(1_000)
    const few = validateValues(values, { maxRejected: 2 })
    expect(few.rejected.map((r) => r.index)).toEqual([1, 2])
    expect(few.rejectedCount).toBe(2_001)
    expect(validateValues([{ value: prediction }]).rejectedCount).toBe(0)
  })

  it('refuses more events than the limit, as NDJSON (valid UTF-8 or not) or a JSON array', () => {
    const lines = Array.from({ length: 4 }, (_, i) => JSON.stringify({ ...prediction, event_id: `p${i}` }))
    const ndjson = enc(lines.join('\n'))
    const broken = new Uint8Array([...ndjson, 0x0a, 0xff])
    for (const [body, ndjsonType] of [[ndjson, true], [ndjson, false], [broken, true], [enc(`[${lines.join(',')}]`), false]] as const) {
      expect(() => parseEventsBody(body, { ndjson: ndjsonType, maxEvents: 3 })).toThrow(TooManyEventsError)
      expect(() => parseEventsBody(body, { ndjson: ndjsonType, maxEvents: 3 })).toThrow('more than 3 events')
    }
    // At the limit it is a batch; blank lines are no events.
    expect(parseEventsBody(enc(`${lines.join('\n\n')}\n\n`), { ndjson: true, maxEvents: 4 }).events).toHaveLength(4)
    expect(parseEventsBody(enc(`[${lines.join(',')}]`), { ndjson: false, maxEvents: 4 }).events).toHaveLength(4)
  })

  it('refuses 10 MiB of `{}` lines (3.5M events) by default, before decoding them all', () => {
    const body = Buffer.alloc(10 * 1024 * 1024 - 1, '{}\n')
    const started = performance.now()
    expect(() => parseEventsBody(body, { ndjson: true })).toThrow(new TooManyEventsError(DEFAULT_MAX_EVENTS_PER_REQUEST))
    const array = Buffer.from(`[${'{},'.repeat(3_000_000)}{}]`)
    expect(() => parseEventsBody(array, { ndjson: false })).toThrow(TooManyEventsError)
    expect(performance.now() - started).toBeLessThan(3_000)
  })

  it('counts a JSON array\'s elements at its top level only', () => {
    expect(jsonArrayExceeds('[]', 0)).toBe(false)
    expect(jsonArrayExceeds('[1]', 0)).toBe(true)
    expect(jsonArrayExceeds('[{"a":[1,2,3],"b":{"c":1,"d":2}}, "x,y", "q\\",\\"", [[",",","]]]', 4)).toBe(false)
    expect(jsonArrayExceeds('[{"a":[1,2,3],"b":{"c":1,"d":2}}, "x,y", "q\\",\\"", [[",",","]]]', 3)).toBe(true)
    const random = mulberry32(11)
    const pieces = ['1', '"a,b"', '"\\",["', '{"k":[1,{"x":","}]}', '[]', '{}', '"\\\\"', 'null', '"]}"', '"\\\\\\",\\\\"']
    for (let n = 0; n < 500; n++) {
      const items = Array.from({ length: Math.floor(random() * 7) }, () => pieces[Math.floor(random() * pieces.length)])
      const text = ` [ ${items.join(' , ')} ] `
      const limit = Math.floor(random() * 7)
      expect(jsonArrayExceeds(text, limit), text).toBe((JSON.parse(text) as unknown[]).length > limit)
    }
  })
})
