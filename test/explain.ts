import type { ClickHouse } from '@/lib/clickhouse'

export interface RecordedQuery {
  query: string
  params: Record<string, unknown> | undefined
  tag: string
}

/**
 * A client that records every query sent through it (with its bound parameters and log_comment
 * tag), so that a test can EXPLAIN each query function's SQL exactly as it ran.
 */
export function recordingClient(ch: ClickHouse): { client: ClickHouse; recorded: RecordedQuery[] } {
  const recorded: RecordedQuery[] = []
  const client = new Proxy(ch, {
    get(target, property) {
      const value = Reflect.get(target, property, target)
      if (property !== 'query') return typeof value === 'function' ? value.bind(target) : value
      return (options: Parameters<ClickHouse['query']>[0]) => {
        const tag = String((options.clickhouse_settings as Record<string, unknown> | undefined)?.log_comment ?? '')
        recorded.push({ query: options.query, params: options.query_params, tag })
        return target.query(options)
      }
    },
  })
  return { client, recorded }
}

/** EXPLAIN (the query plan) of a recorded query: the plan's text lines. */
export async function explain(ch: ClickHouse, recordedQuery: RecordedQuery): Promise<string[]> {
  const result = await ch.query({ query: `EXPLAIN ${recordedQuery.query}`, query_params: recordedQuery.params, format: 'JSONEachRow' })
  const rows = (await result.json()) as Array<{ explain: string }>
  return rows.map((row) => row.explain)
}
