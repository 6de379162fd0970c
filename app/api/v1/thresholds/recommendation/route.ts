import { withErrors } from '@/lib/http-error'
import { THRESHOLD_READS, type ReadEndpoint } from '@/analytics/families'
import { metricRoute } from '../../metrics/metric-route'

export const dynamic = 'force-dynamic'

/** GET /api/v1/thresholds/recommendation (SPEC §3.4). */
export const GET = withErrors(metricRoute(THRESHOLD_READS['recommendation'] as unknown as ReadEndpoint))
