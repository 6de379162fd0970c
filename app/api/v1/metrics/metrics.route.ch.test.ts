import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { getClickHouse } from '@/lib/clickhouse'
import { getDb } from '@/lib/db'
import { createApiKey } from '@/lib/auth/api-keys'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { generateEvents, RANDOM_FROM, RANDOM_TO, toApiEvents } from '@/test/metrics-reference'
import { metricsCommand } from '@/scripts/commands/metrics'
import { UsageError } from '@/scripts/cli-args'
import { METRIC_FAMILY_NAMES, type MetricFamilyName } from '@/analytics/families'
import { GET } from './[family]/route'

let cleanup: () => Promise<void>
let readKey = ''

beforeAll(async () => {
  ;({ cleanup } = await useTempStores('metrics-routes'))
  readKey = (await createApiKey(await getDb(), { scope: 'read', name: 'metrics test' })).key
  await ingestForTest(getClickHouse(), toApiEvents(generateEvents(3, 150)))
})
afterAll(() => cleanup())

function call(family: string, query: string, key: string | null = readKey) {
  const headers: Record<string, string> = key !== null ? { authorization: `Bearer ${key}` } : {}
  return GET(new Request(`http://localhost/api/v1/metrics/${family}?${query}`, { headers }), { params: Promise.resolve({ family }) })
}

/** Runs `oversight metrics …` in process and returns the JSON it prints. */
async function cli(argv: string[]): Promise<unknown> {
  let out = ''
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  })
  try {
    expect(await metricsCommand(argv)).toBe(0)
  } finally {
    write.mockRestore()
  }
  return JSON.parse(out)
}

const range = `from=${new Date(RANDOM_FROM).toISOString()}&to=${new Date(RANDOM_TO).toISOString()}`
const rangeFlags = ['--from', new Date(RANDOM_FROM).toISOString(), '--to', new Date(RANDOM_TO).toISOString()]
/**
 * A range over before now: the API and the CLI run at different instants, and the workload
 * measures its backlog and SLA at the end of the range or now, whichever comes first.
 */
const PAST = { from: '2026-11-17T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }
const past = `from=${PAST.from}&to=${PAST.to}`
const pastFlags = ['--from', PAST.from, '--to', PAST.to]

describe('GET /api/v1/metrics/{family}', () => {
  it('needs a key', async () => {
    for (const family of [...METRIC_FAMILY_NAMES, 'no-such-family']) {
      expect((await call(family, range, null)).status, family).toBe(401)
      expect((await call(family, range, 'ovs_wrong')).status, family).toBe(401)
    }
  })

  it('answers 404 naming the families for an unknown one', async () => {
    for (const name of ['no-such-family', 'constructor', '__proto__']) {
      const response = await call(name, range)
      expect(response.status, name).toBe(404)
      const body = await response.json()
      expect(body.error.code).toBe('not_found')
      expect(body.error.message).toContain(METRIC_FAMILY_NAMES.join(', '))
    }
  })

  it('answers 400 naming the parameter for bad options', async () => {
    const bad: Array<[MetricFamilyName, string, string]> = [
      ['calibration', 'bins=1', 'bins'],
      ['calibration', 'bins=51', 'bins'],
      ['calibration', 'bins=2.5', 'bins'],
      ['calibration', 'bins=ten', 'bins'],
      ['calibration', 'strategy=kmeans', 'strategy'],
      ['calibration', 'group_by=reviewer_id', 'group_by'],
      ['calibration', 'interval=month', 'interval'],
      ['calibration', 'reviewer_id=r1', 'reviewer_id'], // not a calibration parameter
      ['calibration', 'from=2026-13-01', 'from'],
      ['agreement', 'bins=10', 'bins'],
      ['agreement', 'from=2026-12-05&to=2026-12-01', 'from'],
    ]
    for (const [family, query, parameter] of bad) {
      const response = await call(family, query)
      expect(response.status, `${family}?${query}`).toBe(400)
      const body = await response.json()
      expect(body.error.code).toBe('invalid_request')
      expect(body.error.message).toContain(parameter)
      expect(body.error.details.issues[0].path).toBe(parameter)
    }
  })

  it('answers 400 naming the parameter for dates outside the times events can have, before any query', async () => {
    const bad: Array<[string, string]> = [
      ['from=9999-12-31', 'from'],
      ['to=0000-01-01', 'to'],
      ['from=1999-12-31', 'from'],
      ['to=2200-01-02', 'to'],
      ['from=2026-11-01&to=9999-12-31', 'to'],
      ['from=1700000000', 'from'],
    ]
    for (const family of METRIC_FAMILY_NAMES) {
      for (const [query, parameter] of bad) {
        const response = await call(family, query)
        const body = await response.json()
        expect(response.status, `${family}?${query}: ${JSON.stringify(body)}`).toBe(400)
        expect(body.error.code).toBe('invalid_request')
        expect(body.error.message).toContain(`Invalid parameter ${parameter}`)
        expect(body.error.details.issues[0].path).toBe(parameter)
      }
      // The edges themselves are a window ClickHouse can read.
      expect((await call(family, 'from=2199-12-31')).status, `${family} near the upper edge`).toBe(200)
      expect((await call(family, 'to=2000-01-02')).status, `${family} near the lower edge`).toBe(200)
    }
  })

  it('calls a parameter named like an Object method unknown, naming it', async () => {
    for (const family of METRIC_FAMILY_NAMES) {
      for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const response = await call(family, `${name}=1`)
        expect(response.status, `${family}?${name}=1`).toBe(400)
        const body = await response.json()
        expect(body.error.code).toBe('invalid_request')
        expect(body.error.message).toMatch(new RegExp(`^Invalid parameter ${name}: unknown parameter`))
        expect(body.error.details.issues[0].path).toBe(name)
      }
    }
  })

  it('answers the SPEC field names', async () => {
    const agreement = await (await call('agreement', range)).json()
    for (const field of ['reviewed', 'agreement_rate', 'agreement_ci', 'override_rate', 'cohen_kappa', 'krippendorff_alpha', 'fleiss_kappa', 'pairwise_agreement', 'gwet_ac1', 'reviewers', 'confusion', 'inter_reviewer', 'series']) {
      expect(agreement).toHaveProperty(field)
    }
    expect(Object.keys(agreement.reviewers[0])).toEqual(['reviewer_id', 'reviews', 'agreement_with_model', 'agreement_with_majority', 'gold_accuracy', 'median_handle_ms'])
    const calibration = await (await call('calibration', `${range}&bins=5&group_by=segment`)).json()
    for (const field of ['bins', 'strategy', 'reliability', 'ece', 'mce', 'brier', 'predictions', 'labeled', 'histogram', 'series', 'groups']) {
      expect(calibration).toHaveProperty(field)
    }
    expect(Object.keys(calibration.reliability[0])).toEqual(expect.arrayContaining(['bin', 'lower', 'upper', 'count', 'labeled', 'mean_confidence', 'accuracy']))
  })
})

describe('oversight metrics', () => {
  it('prints the same JSON as the API for every family of the registry', async () => {
    for (const family of METRIC_FAMILY_NAMES) {
      expect(await cli([family, ...pastFlags, '--json']), family).toEqual(await (await call(family, past)).json())
      expect(await cli([family, ...pastFlags, '--model', 'ra', '--json']), family).toEqual(await (await call(family, `${past}&model=ra`)).json())
    }
  })

  it('prints the same JSON as the API for the same options', async () => {
    expect(await cli(['agreement', ...rangeFlags, '--model', 'ra', '--queue', 'q1', '--json'])).toEqual(
      await (await call('agreement', `${range}&model=ra&queue=q1`)).json(),
    )
    expect(await cli(['calibration', ...rangeFlags, '--bins', '7', '--strategy', 'quantile', '--group-by', 'segment', '--interval', 'week', '--json'])).toEqual(
      await (await call('calibration', `${range}&bins=7&strategy=quantile&group_by=segment&interval=week`)).json(),
    )
  })

  it('names the flag of a bad option', async () => {
    await expect(metricsCommand(['calibration', '--bins', '60'])).rejects.toThrow(new UsageError('--bins: must be an integer from 2 to 50'))
    await expect(metricsCommand(['calibration', '--group-by', 'queue'])).rejects.toThrow(/--group-by/)
    await expect(metricsCommand(['calibration', '--interval', 'hour'])).rejects.toThrow(/--interval/)
  })
})
