import { getClickHouse } from '@/lib/clickhouse'
import { getEnv } from '@/lib/env'
import { HttpError, withErrors } from '@/lib/http-error'
import { readBodyWithLimit } from '@/lib/request-body'
import { requireAuth } from '@/lib/auth/guard'
import { BodyFormatError, parseEventsBody, TooManyEventsError } from '@/analytics/events/events.parse'
import { ingestBatch, ingestStatus } from '@/analytics/events/ingest'

export const dynamic = 'force-dynamic'

const NDJSON_TYPES = /application\/(?:x-)?(?:ndjson|jsonl|json-lines|jsonlines)/i

/** POST /api/v1/events: a JSON array of events or NDJSON (SPEC §2). */
export const POST = withErrors(async (request: Request) => {
  await requireAuth(request, 'ingest')
  const env = getEnv()
  const body = await readBodyWithLimit(request, env.maxBodyBytes)
  let batch
  try {
    batch = parseEventsBody(body, { ndjson: NDJSON_TYPES.test(request.headers.get('content-type') ?? ''), maxEvents: env.maxEventsPerRequest })
  } catch (error) {
    if (error instanceof BodyFormatError) throw new HttpError(400, 'invalid_body', error.message)
    if (error instanceof TooManyEventsError) throw new HttpError(413, 'payload_too_large', error.message, { limit_events: error.limit })
    throw error
  }
  const summary = await ingestBatch(getClickHouse(), batch)
  return Response.json(summary, { status: ingestStatus(summary) })
})
