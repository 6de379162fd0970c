// The benchmark's reference scans (SPEC §5: "the same figure computed by scanning the raw tables"):
// each family's `*.naive.sql.ts` computes its headline figure from predictions, reviews and
// outcomes read raw, the textbook way, with the same definitions and tie rule (ts, then
// cityHash64(event_id)) as the facts. This file holds what they share.
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from './filters.schema'
import { filterParams } from './filters.sql'

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
