import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { MAX_TS_MS, MIN_TS_MS } from '@/analytics/events/events.schema'
import { FilterError } from '@/lib/filter-error'
import { DEFAULT_WINDOW_DAYS, MetricFilters, parseSearchParams, resolveWindow } from './filters.schema'
import { MS_PER_DAY } from './time'

const NOW = Date.UTC(2026, 10, 15, 12)

function issueOf(input: Record<string, string>): { path: string; message: string } {
  const result = MetricFilters.safeParse(input)
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`)
  const [issue] = result.error.issues
  return { path: issue.path.join('.'), message: issue.message }
}

describe('MetricFilters time bounds', () => {
  it.each([
    [{ from: '9999-12-31' }, 'from'],
    [{ to: '0000-01-01' }, 'to'],
    [{ from: '1999-12-31T23:59:59.999Z' }, 'from'],
    [{ to: '2200-01-01T00:00:00.001Z' }, 'to'],
    [{ from: '1700000000' }, 'from'], // epoch seconds sent as milliseconds: 1970
    [{ to: '99999999999999' }, 'to'], // epoch milliseconds of year 5138
    [{ from: '2026-11-01T00:00:00+23:59', to: '10000-01-01' }, 'to'],
  ])('refuses %j outside the times events can have, naming the parameter', (input, parameter) => {
    const issue = issueOf(input as Record<string, string>)
    expect(issue.path).toBe(parameter)
    expect(issue.message).toMatch(/between 2000-01-01 and 2200-01-01|ISO-8601/)
  })

  it('accepts the edges of the ingest range', () => {
    expect(MetricFilters.parse({ from: '2000-01-01', to: '2200-01-01' })).toEqual({ from: MIN_TS_MS, to: MAX_TS_MS })
    expect(MetricFilters.parse({ from: String(MIN_TS_MS) }).from).toBe(MIN_TS_MS)
  })

  it('keeps defaulted bounds within the ingest range too', () => {
    // `to` near the lower edge: the default 30 days before it would start in 1999.
    const early = resolveWindow({ to: MIN_TS_MS + 2 * MS_PER_DAY }, null, NOW)
    expect(early.from).toBe(MIN_TS_MS)
    // `from` near the upper edge: the default end (a day later) would pass 2200.
    const late = resolveWindow({ from: MAX_TS_MS - MS_PER_DAY / 2 }, null, NOW)
    expect(late.to).toBe(MAX_TS_MS)
    // Nothing given: the 30 days up to the end of the latest prediction's day.
    const plain = resolveWindow({}, NOW, NOW)
    expect(plain.to - plain.from).toBe(DEFAULT_WINDOW_DAYS * MS_PER_DAY)
    // A from at the very end leaves an empty window: refused as from ≥ to.
    expect(() => resolveWindow({ from: MAX_TS_MS }, null, NOW)).toThrow(FilterError)
  })
})

describe('parseSearchParams', () => {
  const Schema = z.object({ model: z.string().optional(), bins: z.coerce.number().optional() })
  const parse = (query: string) => parseSearchParams(Schema, new URLSearchParams(query))
  const refusal = (query: string) => {
    try {
      parse(query)
    } catch (error) {
      if (error instanceof FilterError) return { parameter: error.parameter, message: error.message }
      throw error
    }
    throw new Error(`expected ?${query} to be refused`)
  }

  it.each(['constructor=1', 'toString=x', 'hasOwnProperty=1', '__proto__=x', 'valueOf=1&valueOf=2'])(
    'calls an inherited name (?%s) an unknown parameter, naming it',
    (query) => {
      const { parameter, message } = refusal(query)
      expect(parameter).toBe(query.split('=')[0])
      expect(message).toMatch(/^unknown parameter; allowed: model, bins$/)
    },
  )

  it('refuses a repeated parameter and parses the known ones', () => {
    expect(refusal('model=a&model=b')).toEqual({ parameter: 'model', message: 'given more than once' })
    expect(parse('model=a&bins=5')).toEqual({ model: 'a', bins: 5 })
    expect(Object.getPrototypeOf(parse('model=a'))).toBe(Object.prototype)
  })
})
