import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { formatTimestamp } from '@/analytics/shared/time'
import { EVENT_TYPES, EventInput, type EventType, type IngestRejection, type StoredEvent } from './events.schema'

/** A body that is not a JSON array, a JSON object or NDJSON at all (HTTP 400). */
export class BodyFormatError extends Error {
  readonly code = 'invalid_body'
}

export interface ParsedBatch {
  /** Valid events, in input order, each with its input index. */
  events: Array<{ index: number; event: StoredEvent }>
  rejected: IngestRejection[]
  total: number
}

/** "field: reason" from the first zod issue, the form the SPEC asks for. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'event: invalid'
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'event'
  let message = issue.message
  if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = 'is required'
  else if (issue.code === 'invalid_value' && 'values' in issue) message = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
  else if (issue.code === 'invalid_type') message = message.replace(/^Invalid input: expected (\w+), received (\w+)$/, 'must be a $1, not $2')
  return `${field}: ${message}`
}

/** Validates one decoded JSON value; returns the row to store or an error "field: reason". */
export function validateEvent(value: unknown): { event: StoredEvent } | { error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'event: must be a JSON object' }
  if (!('type' in value)) return { error: 'type: is required' }
  if (!EVENT_TYPES.includes((value as { type: unknown }).type as EventType)) {
    return { error: `type: must be one of ${EVENT_TYPES.map((t) => `"${t}"`).join(', ')}` }
  }
  const parsed = EventInput.safeParse(value)
  if (!parsed.success) return { error: describeIssue(parsed.error) }
  const e = parsed.data
  const eventId = e.event_id && e.event_id.length > 0 ? e.event_id : randomUUID()
  const ts = formatTimestamp(e.ts)
  switch (e.type) {
    case 'prediction':
      return {
        event: {
          type: 'prediction',
          row: {
            event_id: eventId,
            ts,
            model: e.model,
            model_version: e.model_version,
            segment: e.segment,
            item_id: e.item_id,
            predicted_label: e.predicted_label,
            confidence: e.confidence,
            route: e.route,
            // SPEC §2 defaults: 1 for review; for auto the audit rate in force, default 0.
            propensity: e.propensity ?? (e.route === 'review' ? 1 : 0),
            threshold: e.threshold ?? null,
            policy_version: e.policy_version ?? null,
            attributes: e.attributes ?? {},
          },
        },
      }
    case 'review': {
      const startedAt = e.started_at ?? null
      const duration = e.duration_ms ?? (startedAt !== null ? e.ts - startedAt : null)
      return {
        event: {
          type: 'review',
          row: {
            event_id: eventId,
            ts,
            model: e.model,
            item_id: e.item_id,
            reviewer_id: e.reviewer_id,
            label: e.label,
            started_at: startedAt === null ? null : formatTimestamp(startedAt),
            duration_ms: duration,
            queue: e.queue,
          },
        },
      }
    }
    case 'outcome':
      return {
        event: { type: 'outcome', row: { event_id: eventId, ts, model: e.model, item_id: e.item_id, true_label: e.true_label, source: e.source } },
      }
  }
}

/** Validates decoded values (a JSON array, or NDJSON lines already parsed or failed). */
export function validateValues(values: Array<{ value: unknown } | { error: string }>): ParsedBatch {
  const batch: ParsedBatch = { events: [], rejected: [], total: values.length }
  values.forEach((item, index) => {
    if ('error' in item) {
      batch.rejected.push({ index, error: item.error })
      return
    }
    const result = validateEvent(item.value)
    if ('error' in result) batch.rejected.push({ index, error: result.error })
    else batch.events.push({ index, event: result.event })
  })
  return batch
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const NEWLINE = 0x0a

/** Splits NDJSON bytes into lines (blank lines skipped) and decodes each: one bad line rejects only itself. */
export function decodeNdjson(body: Uint8Array): Array<{ value: unknown } | { error: string }> {
  const out: Array<{ value: unknown } | { error: string }> = []
  let start = 0
  for (let i = 0; i <= body.length; i++) {
    if (i < body.length && body[i] !== NEWLINE) continue
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

/**
 * Parses a request body: a JSON array of events, a single JSON object, or NDJSON.
 * `ndjson` forces NDJSON (Content-Type application/x-ndjson); otherwise the body decides.
 */
export function parseEventsBody(body: Uint8Array, options: { ndjson: boolean }): ParsedBatch {
  if (body.length === 0 || body.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new BodyFormatError('The body is empty: send a JSON array of events or NDJSON (one event per line).')
  }
  if (!options.ndjson) {
    let text: string | undefined
    try {
      text = utf8.decode(body)
    } catch {
      throw new BodyFormatError('The body is not valid UTF-8.')
    }
    const first = text.trimStart()[0]
    if (first === '[') {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (error) {
        const reason = error instanceof RangeError ? 'nested too deeply' : 'malformed or truncated'
        throw new BodyFormatError(`The body is not valid JSON (${reason}). Send a JSON array of events or NDJSON.`)
      }
      if (!Array.isArray(value)) throw new BodyFormatError('The body must be a JSON array of events or NDJSON.')
      return validateValues(value.map((v) => ({ value: v })))
    }
    if (first === '{') {
      // One event as a (possibly pretty-printed) object; several one-line objects fall through to NDJSON.
      try {
        return validateValues([{ value: JSON.parse(text) }])
      } catch {
        // not a single JSON value: NDJSON below
      }
    }
  }
  const lines = decodeNdjson(body)
  if (lines.length > 0 && lines.every((line) => 'error' in line)) {
    throw new BodyFormatError('The body is neither a JSON array nor NDJSON: no line is a JSON value.')
  }
  return validateValues(lines)
}
