import { describe, expect, it } from 'vitest'
import { echoFilters, EchoedFilters } from './echoed-filters'

const RANGE = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 8) }

describe('echoFilters', () => {
  it('writes absent filters as null and the range as ISO-8601 UTC', () => {
    const echo = echoFilters({ ...RANGE, model: 'fraud-detector' })
    expect(JSON.stringify(echo)).toBe(
      '{"model":"fraud-detector","segment":null,"model_version":null,"from":"2026-11-01T00:00:00.000Z","to":"2026-11-08T00:00:00.000Z"}',
    )
    expect(EchoedFilters.parse(echo)).toEqual(echo)
  })

  it("puts a family's own filters after model_version, before the range", () => {
    const echo = echoFilters({ ...RANGE, segment: 'emea' }, { reviewer_id: 'r1', queue: null })
    expect(Object.keys(echo)).toEqual(['model', 'segment', 'model_version', 'reviewer_id', 'queue', 'from', 'to'])
    expect(echo).toMatchObject({ segment: 'emea', reviewer_id: 'r1', queue: null })
  })
})
