import { getClickHouse } from '@/lib/clickhouse'
import { requireAuth } from '@/lib/auth/guard'
import { parseSearchParams } from '@/analytics/shared/filters.schema'
import type { ReadEndpoint } from '@/analytics/families'

/**
 * GET for one read endpoint of analytics/families.ts (a metric family, a threshold read): the read
 * scope, its query parameters parsed strictly (a 400 naming the parameter), its service's JSON.
 */
export function metricRoute(family: ReadEndpoint): (request: Request) => Promise<Response> {
  return async (request) => {
    await requireAuth(request, 'read')
    const input = parseSearchParams(family.input, new URL(request.url).searchParams)
    return Response.json(await family.compute(getClickHouse(), input, Date.now()))
  }
}
