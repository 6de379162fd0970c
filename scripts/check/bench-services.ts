// Times every metrics family's service on a data dir made by bench-data.ts (a profiling aid: the
// figures of record come from `oversight bench`, which also times the naive scans):
//   OVERSIGHT_DATA_DIR=/tmp/bench10m [FAMILIES=workload,overview] npx tsx scripts/check/bench-services.ts
import { closeClickHouse, getClickHouse } from '@/lib/clickhouse'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { ensureFactsFresh } from '@/analytics/facts/facts'
import { METRIC_FAMILY_NAMES, type MetricFamilyName } from '@/analytics/families'
import { BENCH_DATA_END } from '../bench/metrics-data'
import { benchMetricQueries } from '../bench/metrics'

const ch = getClickHouse()
await migrateClickHouse(ch)
await ensureFactsFresh(ch)
const families = (process.env.FAMILIES?.split(',') ?? METRIC_FAMILY_NAMES) as MetricFamilyName[]
const result = await benchMetricQueries(ch, { families, repeats: Number(process.env.REPEATS ?? 10), naiveRepeats: 0, now: BENCH_DATA_END })
for (const [family, figures] of Object.entries(result.families)) {
  console.log(family.padEnd(12), JSON.stringify(figures?.service), figures?.error ?? '')
}
await closeClickHouse()
