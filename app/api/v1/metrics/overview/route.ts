import { getClickHouse } from '@/lib/clickhouse'
import { withErrors } from '@/lib/http-error'
import { requireAuth } from '@/lib/auth/guard'
import { parseSearchParams } from '@/analytics/shared/filters.schema'
import { OverviewInput } from '@/analytics/overview/overview.schema'
import { getOverview } from '@/analytics/overview/overview'

export const dynamic = 'force-dynamic'

/** GET /api/v1/metrics/overview (SPEC §3.0). */
export const GET = withErrors(async (request: Request) => {
  await requireAuth(request, 'read')
  const input = parseSearchParams(OverviewInput, new URL(request.url).searchParams)
  return Response.json(await getOverview(getClickHouse(), input, Date.now()))
})
