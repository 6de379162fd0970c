// The benchmark's reference scans (SPEC §5: "the same figure computed by scanning the raw tables"):
// each family's `*.naive.sql.ts` computes its headline figure from predictions, reviews and
// outcomes read raw, the textbook way, with the same definitions and tie rule (ts, then
// cityHash64(event_id)) as the facts. This file holds what they share.
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from './filters.schema'
import { filterParams, modelCondition } from './filters.sql'

/** The window's bounds as bound parameters (filterParams binds them). */
export const NAIVE_FROM = "{from:DateTime64(3, 'UTC')}"
export const NAIVE_TO = "{to:DateTime64(3, 'UTC')}"

const FigureRow = z.object({ value: z.number().nullable(), n: z.number() })
/** The textbook queries take tens of seconds at 10M rows: a budget above the API's. */
const NAIVE_SETTINGS = { max_execution_time: 600 }

/** Runs a reference scan answering one row `(value, n)`; the figure is `value`. */
export async function queryNaiveFigure(
  ch: ClickHouse,
  filters: ResolvedFilters,
  scan: { tag: string; query: string; params?: Record<string, unknown> },
): Promise<number | null> {
  const rows = await queryRows(ch, {
    tag: scan.tag,
    schema: FigureRow,
    settings: NAIVE_SETTINGS,
    params: { ...filterParams(filters), ...scan.params },
    query: scan.query,
  })
  return rows[0]?.value ?? null
}

/**
 * CTEs from the raw tables, the textbook way: `p` the latest prediction per item in the window
 * (t = (predicted_label, confidence, propensity, ts, route)), `o` the latest outcome
 * (t = (true_label, source)), `v` each reviewer's latest vote and `m` the majority label (ties to
 * the earliest vote, then the smaller label). Ends with a comma: the caller's CTEs follow.
 */
export function naiveLabelCtes(filters: ResolvedFilters): string {
  return `p AS (
        SELECT model, item_id, argMax(tuple(predicted_label, confidence, propensity, ts, route), tuple(ts, cityHash64(event_id))) AS t
        FROM predictions WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id
        HAVING t.4 >= ${NAIVE_FROM} AND t.4 < ${NAIVE_TO}
      ),
      o AS (
        SELECT model, item_id, argMax(tuple(true_label, source), tuple(ts, cityHash64(event_id))) AS t
        FROM outcomes WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id
      ),
      v AS (
        SELECT model, item_id, reviewer_id, argMax(label, tuple(ts, cityHash64(event_id))) AS label, max(ts) AS voted_at
        FROM reviews WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id, reviewer_id
      ),
      m AS (
        SELECT model, item_id, argMin(label, tuple(-votes, earliest, label)) AS label
        FROM (SELECT model, item_id, label, toInt64(count()) AS votes, min(voted_at) AS earliest FROM v GROUP BY model, item_id, label)
        GROUP BY model, item_id
      ),`
}
