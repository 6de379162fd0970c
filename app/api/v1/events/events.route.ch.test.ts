import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { closeClickHouse, getClickHouse, queryRows } from '@/lib/clickhouse'
import { getDb } from '@/lib/db'
import { createApiKey, revokeApiKey } from '@/lib/auth/api-keys'
import { useTempStores } from '@/test/ch-helpers'
import { POST } from './route'

let cleanup: () => Promise<void>
const keys: Record<'ingest' | 'read' | 'admin' | 'revoked', string> = { ingest: '', read: '', admin: '', revoked: '' }

beforeAll(async () => {
  ;({ cleanup } = await useTempStores('ingest-route'))
  const db = await getDb()
  for (const scope of ['ingest', 'read', 'admin'] as const) keys[scope] = (await createApiKey(db, { scope, name: `test ${scope}` })).key
  const revoked = await createApiKey(db, { scope: 'ingest', name: 'test revoked' })
  await revokeApiKey(db, revoked.id)
  keys.revoked = revoked.key
})
afterAll(() => cleanup())

const MODEL = 'route-test'
const event = (n: number, extra: object = {}) => ({
  type: 'prediction', event_id: `e${n}`, ts: '2026-11-01T10:00:00Z', model: MODEL, item_id: `i${n}`,
  predicted_label: 'a', confidence: 0.8, route: 'review', ...extra,
})

function post(body: BodyInit, options: { key?: string; contentType?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json', ...options.headers }
  if (options.key) headers.authorization = `Bearer ${options.key}`
  return POST(new Request('http://localhost/api/v1/events', { method: 'POST', body, headers, duplex: 'half' } as RequestInit), {})
}

async function storedCount(): Promise<number> {
  const rows = await queryRows(getClickHouse(), {
    query: 'SELECT count() AS n FROM predictions WHERE model = {model:String}',
    params: { model: MODEL },
    schema: z.object({ n: z.number() }),
    tag: 'test:count',
  })
  return rows[0].n
}

describe('POST /api/v1/events', () => {
  it('401 without a key, with an unknown key and with a revoked key', async () => {
    for (const key of [undefined, 'ovs_not-a-key', keys.revoked]) {
      const res = await post(JSON.stringify([event(1)]), { key })
      expect(res.status).toBe(401)
      expect((await res.json()).error.code).toBe('unauthorized')
    }
  })

  it('403 for a key without the ingest scope', async () => {
    const res = await post(JSON.stringify([event(1)]), { key: keys.read })
    expect(res.status).toBe(403)
  })

  it('200 stores a valid batch once, and a retry counts duplicates only', async () => {
    const body = JSON.stringify([event(1), event(2), event(3)])
    const first = await post(body, { key: keys.ingest })
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [], rejected_count: 0 })
    const retry = await post(body, { key: keys.admin })
    expect(await retry.json()).toEqual({ accepted: 0, duplicates: 3, rejected: [], rejected_count: 0 })
    expect(await storedCount()).toBe(3)
  })

  it('counts a repeated event_id inside one batch once', async () => {
    const res = await post(JSON.stringify([event(4), event(4)]), { key: keys.ingest })
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [], rejected_count: 0 })
    expect(await storedCount()).toBe(4)
  })

  it('207 stores the valid events and names the index and field of the others', async () => {
    const res = await post(JSON.stringify([event(5), event(6, { confidence: 'NaN' }), event(7, { route: 'sometimes' })]), { key: keys.ingest })
    expect(res.status).toBe(207)
    const body = await res.json()
    expect(body.accepted).toBe(1)
    expect(body.rejected_count).toBe(2)
    expect(body.rejected.map((r: { index: number; error: string }) => [r.index, r.error.split(':')[0]])).toEqual([
      [1, 'confidence'],
      [2, 'route'],
    ])
    expect(await storedCount()).toBe(5)
  })

  it('207 for NDJSON with a truncated last line', async () => {
    const ndjson = `${JSON.stringify(event(8))}\n${JSON.stringify(event(9)).slice(0, 40)}`
    const res = await post(ndjson, { key: keys.ingest, contentType: 'application/x-ndjson' })
    expect(res.status).toBe(207)
    expect(await res.json()).toMatchObject({ accepted: 1, rejected: [{ index: 1 }], rejected_count: 1 })
  })

  it('207 lists the first 1,000 rejections and counts them all', async () => {
    const lines = [JSON.stringify(event(20)), ...Array.from({ length: 2_500 }, () => '{}'), JSON.stringify(event(21)), '{"type":"review"']
    const res = await post(lines.join('\n'), { key: keys.ingest, contentType: 'application/x-ndjson' })
    expect(res.status).toBe(207)
    const body = await res.json()
    expect(Object.keys(body)).toEqual(['accepted', 'duplicates', 'rejected', 'rejected_count'])
    expect(body.accepted).toBe(2)
    expect(body.rejected_count).toBe(2_501)
    expect(body.rejected).toHaveLength(1_000)
    expect(body.rejected[0]).toEqual({ index: 1, error: 'type: is required' })
    expect(body.rejected[999].index).toBe(1_000)
    expect(await storedCount()).toBe(8)
  })

  it('413 over the events limit, as NDJSON or a JSON array, storing nothing of the batch', async () => {
    process.env.OVERSIGHT_MAX_EVENTS_PER_REQUEST = '3'
    try {
      const four = [event(30), event(31), event(32), event(33)]
      const ndjson = await post(four.map((e) => JSON.stringify(e)).join('\n'), { key: keys.ingest, contentType: 'application/x-ndjson' })
      expect(ndjson.status).toBe(413)
      const error = (await ndjson.json()).error
      expect(error.code).toBe('payload_too_large')
      expect(error.details).toEqual({ limit_events: 3 })
      expect(error.message).toContain('more than 3 events')
      const array = await post(JSON.stringify(four), { key: keys.ingest })
      expect(array.status).toBe(413)
      expect((await array.json()).error.details).toEqual({ limit_events: 3 })
      expect(await storedCount()).toBe(8)
      // At the limit, and with blank lines that are no events, the batch is taken.
      const three = await post(`${four.slice(0, 3).map((e) => JSON.stringify(e)).join('\n\n')}\n\n`, { key: keys.ingest, contentType: 'application/x-ndjson' })
      expect(three.status).toBe(200)
    } finally {
      delete process.env.OVERSIGHT_MAX_EVENTS_PER_REQUEST
    }
    expect(await storedCount()).toBe(11)
  })

  it('413 by default for 10 MiB of `{}` lines (3.5M events), with a short answer', async () => {
    const body = Buffer.alloc(10 * 1024 * 1024 - 1, '{}\n')
    const started = performance.now()
    const res = await post(body, { key: keys.ingest, contentType: 'application/x-ndjson' })
    expect(res.status).toBe(413)
    const text = await res.text()
    expect(text.length).toBeLessThan(1_000)
    expect(JSON.parse(text).error.details).toEqual({ limit_events: 50_000 })
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('400 for a body that is not JSON or NDJSON', async () => {
    for (const body of ['hello', '', '[1, 2']) {
      const res = await post(body, { key: keys.ingest })
      expect(res.status).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_body')
    }
  })

  it('413 over the size limit, declared or streamed', async () => {
    const big = JSON.stringify(Array.from({ length: 1 }, () => event(10, { item_id: 'x'.repeat(200) })))
    process.env.OVERSIGHT_MAX_BODY_BYTES = '100'
    try {
      const declared = await post(big, { key: keys.ingest, headers: { 'content-length': String(big.length) } })
      expect(declared.status).toBe(413)
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big))
          controller.close()
        },
      })
      const streamed = await post(stream, { key: keys.ingest })
      expect(streamed.status).toBe(413)
      expect((await streamed.json()).error.details.limit_bytes).toBe(100)
    } finally {
      delete process.env.OVERSIGHT_MAX_BODY_BYTES
    }
    expect(await storedCount()).toBe(11)
  })

  it('503 with Retry-After when ClickHouse is unreachable, and recovers when it returns', async () => {
    await closeClickHouse()
    process.env.CLICKHOUSE_URL = 'http://127.0.0.1:9'
    try {
      const res = await post(JSON.stringify([event(11)]), { key: keys.ingest })
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
      expect((await res.json()).error.code).toBe('store_unavailable')
    } finally {
      await closeClickHouse()
      delete process.env.CLICKHOUSE_URL
    }
    const res = await post(JSON.stringify([event(11)]), { key: keys.ingest })
    expect(res.status).toBe(200)
    expect(await storedCount()).toBe(12)
  })
})
