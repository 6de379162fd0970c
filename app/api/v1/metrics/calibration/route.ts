import { getClickHouse } from '@/lib/clickhouse'
import { withErrors } from '@/lib/http-error'
import { requireAuth } from '@/lib/auth/guard'
import { parseSearchParams } from '@/analytics/shared/filters.schema'
import { CalibrationInput } from '@/analytics/calibration/calibration.schema'
import { getCalibration } from '@/analytics/calibration/calibration'

export const dynamic = 'force-dynamic'

/** GET /api/v1/metrics/calibration (SPEC 3.2): bins, strategy, group_by and interval besides the filters. */
export const GET = withErrors(async (request: Request) => {
  await requireAuth(request, 'read')
  const input = parseSearchParams(CalibrationInput, new URL(request.url).searchParams)
  return Response.json(await getCalibration(getClickHouse(), input, Date.now()))
})
