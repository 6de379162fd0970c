import { getClickHouse } from '@/lib/clickhouse'
import { requireAuth } from '@/lib/auth/guard'
import { parseSearchParams } from '@/analytics/shared/filters.schema'
import type { MetricFamily } from '@/analytics/families'

/**
 * GET /api/v1/metrics/<family> for one family of analytics/families.ts: the read scope, the
 * family's query parameters parsed strictly (a 400 naming the parameter), its service's JSON.
 */
export function metricRoute(family: MetricFamily): (request: Request) => Promise<Response> {
  return async (request) => {
    await requireAuth(request, 'read')
    const input = parseSearchParams(family.input, new URL(request.url).searchParams)
    return Response.json(await family.compute(getClickHouse(), input, Date.now()))
  }
}
