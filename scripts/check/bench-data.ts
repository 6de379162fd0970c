// Generates the metrics benchmark's data (scripts/bench/metrics-data.ts) into OVERSIGHT_DATA_DIR and
// keeps it, so that queries can be profiled at SPEC §5 scale without regenerating (a profiling aid):
//   OVERSIGHT_DATA_DIR=/tmp/bench10m PREDICTIONS=10000000 REVIEWS=2000000 npx tsx scripts/check/bench-data.ts
import { closeClickHouse, getClickHouse } from '@/lib/clickhouse'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { insertMetricsData } from '../bench/metrics-data'

const ch = getClickHouse()
await migrateClickHouse(ch)
const started = Date.now()
const data = await insertMetricsData(ch, { predictions: Number(process.env.PREDICTIONS ?? 10_000_000), reviews: Number(process.env.REVIEWS ?? 2_000_000) })
console.log(JSON.stringify({ ...data, seconds: (Date.now() - started) / 1000 }))
await closeClickHouse()
