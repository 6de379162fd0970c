import type { ClickHouse } from '@/lib/clickhouse'
import type { IngestSummary } from './events.schema'
import type { ParsedBatch } from './events.parse'
import { insertEvents } from './events.sql'

/** Stores the valid events of a parsed batch and builds the SPEC §2 summary (shared by the API and the CLI). */
export async function ingestBatch(ch: ClickHouse, batch: ParsedBatch): Promise<IngestSummary> {
  const { accepted, duplicates } = await insertEvents(
    ch,
    batch.events.map((e) => e.event),
  )
  return { accepted, duplicates, rejected: batch.rejected, rejected_count: batch.rejectedCount }
}

/** 200 when every event was valid, 207 when some were rejected (SPEC §2). */
export function ingestStatus(summary: IngestSummary): 200 | 207 {
  return summary.rejected_count === 0 ? 200 : 207
}
