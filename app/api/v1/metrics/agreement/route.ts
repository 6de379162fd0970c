import { getClickHouse } from '@/lib/clickhouse'
import { withErrors } from '@/lib/http-error'
import { requireAuth } from '@/lib/auth/guard'
import { parseSearchParams } from '@/analytics/shared/filters.schema'
import { AgreementInput } from '@/analytics/agreement/agreement.schema'
import { getAgreement } from '@/analytics/agreement/agreement'

export const dynamic = 'force-dynamic'

/** GET /api/v1/metrics/agreement (SPEC 3.1). */
export const GET = withErrors(async (request: Request) => {
  await requireAuth(request, 'read')
  const input = parseSearchParams(AgreementInput, new URL(request.url).searchParams)
  return Response.json(await getAgreement(getClickHouse(), input, Date.now()))
})
