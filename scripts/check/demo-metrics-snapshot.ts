// Writes the metrics JSON of a fixed demo (seed 42, 30 days ending 2026-12-01T12:00Z) for every
// family and a spread of options, so a refactor can be checked to leave the figures byte-identical:
//   OVERSIGHT_DATA_DIR=$(mktemp -d) npx tsx scripts/check/demo-metrics-snapshot.ts OUT.json
import fs from 'node:fs'
import { getClickHouse, closeClickHouse } from '@/lib/clickhouse'
import { seedDemo } from '../commands/seed'
import { getOverview } from '@/analytics/overview/overview'
import { getAgreement } from '@/analytics/agreement/agreement'
import { getCalibration } from '@/analytics/calibration/calibration'
import { parseSearchParams } from '@/analytics/shared/filters.schema'
import { OverviewInput } from '@/analytics/overview/overview.schema'
import { AgreementInput } from '@/analytics/agreement/agreement.schema'
import { CalibrationInput } from '@/analytics/calibration/calibration.schema'

const now = Date.UTC(2026, 11, 1, 12)
await seedDemo({ days: 30, scale: 1, seed: 42 }, now)
const ch = getClickHouse()
const cases: Record<string, string[]> = {
  overview: ['', 'model=fraud-detector', 'from=2026-11-10T00:00:00Z&to=2026-11-20T00:00:00Z', 'segment=apac&model=fraud-detector'],
  agreement: ['', 'model=fraud-detector', 'reviewer_id=r07-grace', 'queue=fraud-detector', 'interval=week'],
  calibration: ['', 'bins=15&strategy=quantile', 'group_by=model_version', 'group_by=segment&model=fraud-detector'],
}
const out: Record<string, unknown> = {}
for (const [family, queries] of Object.entries(cases)) {
  for (const query of queries) {
    const params = new URLSearchParams(query)
    try {
      const result =
        family === 'overview'
          ? await getOverview(ch, parseSearchParams(OverviewInput, params), now)
          : family === 'agreement'
            ? await getAgreement(ch, parseSearchParams(AgreementInput, params), now)
            : await getCalibration(ch, parseSearchParams(CalibrationInput, params), now)
      out[`${family}?${query}`] = result
    } catch (error) {
      out[`${family}?${query}`] = { error: String(error) }
    }
  }
}
fs.writeFileSync(process.argv[2], JSON.stringify(out, null, 1))
await closeClickHouse()
