import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@/lib/clickhouse'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { generateEvents, RANDOM_FROM, RANDOM_TO, toApiEvents } from '@/test/metrics-reference'
import { getAgreement } from '@/analytics/agreement/agreement'
import { getCalibration } from '@/analytics/calibration/calibration'
import { getOverview } from '@/analytics/overview/overview'
import { METRIC_RESPONSES, type MetricFamily } from './_queries'

// The pages parse each family's JSON with its response schema (metricQueryOptions). Parsing what
// the service answers must give back the same JSON, byte for byte: zod drops fields it does not
// know and writes the others in the schema's order, so a field the schema misses, a field in
// another order or a value it does not accept fails here instead of on the page.

let ch: ClickHouse
let cleanup: () => Promise<void>

const now = RANDOM_TO + 86_400_000
const range = { from: RANDOM_FROM, to: RANDOM_TO }
/** A range without data: every rate and coefficient is null. */
const empty = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 3) }

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('metric-responses'))
  await ingestForTest(ch, toApiEvents(generateEvents(5, 150)))
})
afterAll(() => cleanup())

function expectSameJson(family: MetricFamily, result: object) {
  const parsed = METRIC_RESPONSES[family].safeParse(JSON.parse(JSON.stringify(result)))
  if (!parsed.success) throw new Error(`${family}: ${parsed.error.message}`)
  expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(result))
}

describe('the response schemas are the services’ JSON', () => {
  it('overview', async () => {
    for (const input of [range, empty, { ...range, model: 'ra', segment: 's1' }]) expectSameJson('overview', await getOverview(ch, input, now))
  })

  it('agreement', async () => {
    for (const input of [range, empty, { ...range, reviewer_id: 'r1' }, { ...range, model: 'rb', queue: 'none' }]) {
      expectSameJson('agreement', await getAgreement(ch, input, now))
    }
  })

  it('calibration, with and without groups', async () => {
    const inputs = [
      range,
      empty,
      { ...range, bins: 7, strategy: 'quantile' as const, interval: 'week' as const },
      { ...range, group_by: 'segment' as const },
      { ...empty, group_by: 'model_version' as const },
    ]
    for (const input of inputs) {
      const result = await getCalibration(ch, input, now)
      expect('groups' in result).toBe('group_by' in input)
      expectSameJson('calibration', result)
    }
  })
})
