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
    expect(await first.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] })
    const retry = await post(body, { key: keys.admin })
    expect(await retry.json()).toEqual({ accepted: 0, duplicates: 3, rejected: [] })
    expect(await storedCount()).toBe(3)
  })

  it('counts a repeated event_id inside one batch once', async () => {
    const res = await post(JSON.stringify([event(4), event(4)]), { key: keys.ingest })
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] })
    expect(await storedCount()).toBe(4)
  })

  it('207 stores the valid events and names the index and field of the others', async () => {
    const res = await post(JSON.stringify([event(5), event(6, { confidence: 'NaN' }), event(7, { route: 'sometimes' })]), { key: keys.ingest })
    expect(res.status).toBe(207)
    const body = await res.json()
    expect(body.accepted).toBe(1)
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
    expect(await res.json()).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] })
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
    expect(await storedCount()).toBe(6)
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
    expect(await storedCount()).toBe(7)
  })
})
