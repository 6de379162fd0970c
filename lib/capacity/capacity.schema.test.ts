import { describe, expect, it } from 'vitest'
import { CapacitySettingsInput, MAX_CAPACITY_ENTRIES, compareCapacityEntries } from './capacity.schema'

const zeros = () => Array.from({ length: 24 }, () => 0)
const withHour = (hour: number, value: unknown) => zeros().map((v, h) => (h === hour ? value : v))

/** The issues of a failed parse as [path, message]. */
function issues(body: unknown): Array<[string, string]> {
  const parsed = CapacitySettingsInput.safeParse(body)
  if (parsed.success) return []
  return parsed.error.issues.map((issue) => [issue.path.map(String).join('.'), issue.message])
}

describe('CapacitySettingsInput', () => {
  it('fills in the SPEC defaults and reads model absent, null or "" as any model', () => {
    const parsed = CapacitySettingsInput.parse({
      entries: [
        { queue: '', staffed: zeros() },
        { queue: 'a', model: null, staffed: zeros() },
        { queue: 'b', model: '', staffed: zeros() },
        { queue: 'c', model: 'm', sla_minutes: 30.5, sla_target: 1, target_occupancy: 0.5, staffed: withHour(3, 7) },
      ],
    })
    expect(parsed.entries[0]).toEqual({ queue: '', model: null, sla_minutes: 240, sla_target: 0.9, target_occupancy: 0.85, staffed: zeros() })
    expect(parsed.entries.map((e) => e.model)).toEqual([null, null, null, 'm'])
    expect(parsed.entries[3]).toMatchObject({ sla_minutes: 30.5, sla_target: 1, target_occupancy: 0.5, staffed: withHour(3, 7) })
    expect(CapacitySettingsInput.parse({ entries: [] })).toEqual({ entries: [] })
  })

  it('names the field of every bad value, with its index', () => {
    const ok = { queue: 'q', staffed: zeros() }
    const cases: Array<[unknown, string, RegExp]> = [
      [{}, 'entries', /required/],
      [{ entries: {} }, 'entries', /array/],
      [{ entries: [ok, ok, { queue: 'r', staffed: withHour(5, 1.5) }] }, 'entries.2.staffed.5', /^must be a whole number ≥ 0$/],
      [{ entries: [{ queue: 'r', staffed: withHour(0, -1) }] }, 'entries.0.staffed.0', /whole number ≥ 0/],
      [{ entries: [{ queue: 'r', staffed: withHour(23, '2') }] }, 'entries.0.staffed.23', /whole number ≥ 0/],
      [{ entries: [{ queue: 'r', staffed: withHour(1, null) }] }, 'entries.0.staffed.1', /whole number ≥ 0/],
      [{ entries: [{ queue: 'r', staffed: withHour(1, 10_001) }] }, 'entries.0.staffed.1', /at most 10000/],
      [{ entries: [{ queue: 'r', staffed: zeros().slice(1) }] }, 'entries.0.staffed', /exactly 24/],
      [{ entries: [{ queue: 'r', staffed: [...zeros(), 0] }] }, 'entries.0.staffed', /exactly 24/],
      [{ entries: [{ queue: 'r' }] }, 'entries.0.staffed', /^required$/],
      [{ entries: [{ queue: 'r', staffed: 'all day' }] }, 'entries.0.staffed', /array of 24/],
      [{ entries: [{ staffed: zeros() }] }, 'entries.0.queue', /^required$/],
      [{ entries: [{ queue: 7, staffed: zeros() }] }, 'entries.0.queue', /string/],
      [{ entries: [{ queue: ' fraud', staffed: zeros() }] }, 'entries.0.queue', /space/],
      [{ entries: [{ queue: 'x'.repeat(129), staffed: zeros() }] }, 'entries.0.queue', /at most 128/],
      [{ entries: [{ ...ok, model: 'm ' }] }, 'entries.0.model', /space/],
      [{ entries: [{ ...ok, model: 3 }] }, 'entries.0.model', /string/],
      [{ entries: [{ ...ok, sla_minutes: 0 }] }, 'entries.0.sla_minutes', /more than 0/],
      [{ entries: [{ ...ok, sla_minutes: -5 }] }, 'entries.0.sla_minutes', /more than 0/],
      [{ entries: [{ ...ok, sla_minutes: '240' }] }, 'entries.0.sla_minutes', /number of minutes/],
      [{ entries: [{ ...ok, sla_minutes: 43_201 }] }, 'entries.0.sla_minutes', /at most 43200/],
      [{ entries: [{ ...ok, sla_target: 0 }] }, 'entries.0.sla_target', /more than 0 and at most 1/],
      [{ entries: [{ ...ok, sla_target: 1.01 }] }, 'entries.0.sla_target', /at most 1/],
      [{ entries: [{ ...ok, sla_target: null }] }, 'entries.0.sla_target', /at most 1/],
      [{ entries: [{ ...ok, target_occupancy: 90 }] }, 'entries.0.target_occupancy', /0.9 is 90 %/],
      [{ entries: [{ ...ok, target_occupancy: -0.1 }] }, 'entries.0.target_occupancy', /more than 0/],
      [{ entries: [{ ...ok, staffing: zeros() }] }, 'entries.0', /staffing/],
      [{ entries: [], version: 2 }, '', /version/],
      [{ entries: Array.from({ length: MAX_CAPACITY_ENTRIES + 1 }, (_, i) => ({ queue: `q${i}`, staffed: zeros() })) }, 'entries', /at most 200 entries/],
    ]
    for (const [body, path, message] of cases) {
      const found = issues(body)
      expect(found.length, JSON.stringify(body).slice(0, 120)).toBeGreaterThan(0)
      expect(found[0][0], JSON.stringify(body).slice(0, 120)).toBe(path)
      expect(found[0][1]).toMatch(message)
    }
  })

  it('refuses duplicates of (queue, model), naming both entries', () => {
    const z = zeros()
    expect(issues({ entries: [{ queue: 'a', staffed: z }, { queue: 'b', staffed: z }, { queue: 'a', model: '', staffed: z }] })).toEqual([
      ['entries.2.queue', 'queue "a" and any model are listed twice (entries 0 and 2): keep one entry per queue and model'],
    ])
    expect(issues({ entries: [{ queue: '', model: 'm', staffed: z }, { queue: '', model: 'm', staffed: z }] })).toEqual([
      ['entries.1.queue', 'the default queue "" and model "m" are listed twice (entries 0 and 1): keep one entry per queue and model'],
    ])
    // Same queue, other model; same model, other queue; "" and a queue named like a model: all distinct.
    expect(
      issues({
        entries: [
          { queue: 'a', staffed: z },
          { queue: 'a', model: 'm', staffed: z },
          { queue: 'b', model: 'm', staffed: z },
          { queue: '', model: 'a', staffed: z },
          { queue: 'A', staffed: z },
        ],
      }),
    ).toEqual([])
  })
})

describe('compareCapacityEntries', () => {
  it('sorts by queue then model, any model first, in code-unit order', () => {
    const keys = [
      { queue: 'b', model: null },
      { queue: 'a', model: 'z' },
      { queue: '', model: 'm' },
      { queue: 'a', model: null },
      { queue: 'B', model: null },
      { queue: '', model: null },
      { queue: 'a', model: 'Z' },
    ]
    expect([...keys].sort(compareCapacityEntries)).toEqual([
      { queue: '', model: null },
      { queue: '', model: 'm' },
      { queue: 'B', model: null },
      { queue: 'a', model: null },
      { queue: 'a', model: 'Z' },
      { queue: 'a', model: 'z' },
      { queue: 'b', model: null },
    ])
  })
})

describe('duplicates next to other errors', () => {
  it('are reported in the same answer', () => {
    const z = zeros()
    expect(issues({ entries: [{ queue: 'a', staffed: z }, { queue: 'a', staffed: withHour(5, 1.5) }, 'junk', { queue: 'b', model: 7, staffed: z }] })).toEqual([
      ['entries.1.staffed.5', 'must be a whole number ≥ 0'],
      ['entries.2', 'Invalid input: expected object, received string'],
      ['entries.3.model', 'must be a string (the model name)'],
      ['entries.1.queue', 'queue "a" and any model are listed twice (entries 0 and 1): keep one entry per queue and model'],
    ])
  })
})
