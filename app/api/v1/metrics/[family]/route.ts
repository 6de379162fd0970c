import { HttpError, withErrors } from '@/lib/http-error'
import { requireAuth } from '@/lib/auth/guard'
import { findMetricFamily, METRIC_FAMILY_NAMES } from '@/analytics/families'
import { metricRoute } from '../metric-route'

export const dynamic = 'force-dynamic'

/** GET /api/v1/metrics/{overview|agreement|calibration|…} (SPEC §4): every family of analytics/families.ts. */
export const GET = withErrors(async (request: Request, context: { params: Promise<{ family: string }> }) => {
  const family = findMetricFamily((await context.params).family)
  if (family) return metricRoute(family)(request)
  // Credentials first: only /api/health answers without them (SPEC §6).
  await requireAuth(request, 'read')
  throw new HttpError(404, 'not_found', `There is no metric family "${(await context.params).family}"; there are ${METRIC_FAMILY_NAMES.join(', ')}.`)
})
