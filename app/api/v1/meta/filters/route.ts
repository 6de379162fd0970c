import { getClickHouse } from '@/lib/clickhouse'
import { withErrors } from '@/lib/http-error'
import { requireAuth } from '@/lib/auth/guard'
import { fetchFilterOptions } from '@/analytics/meta/meta.sql'

export const dynamic = 'force-dynamic'

/** GET /api/v1/meta/filters: models with their segments, versions, review queues and time spans, for the filter pickers. */
export const GET = withErrors(async (request: Request) => {
  await requireAuth(request, 'read')
  return Response.json({ models: await fetchFilterOptions(getClickHouse()) })
})
