import { getDb } from '@/lib/db'
import { withErrors } from '@/lib/http-error'
import { parseSearchParams } from '@/analytics/shared/filters.schema'
import { ChangeLogQuery } from '@/lib/auth/admin.schema'
import { requireAuth } from '@/lib/auth/guard'
import { changeLogEntryJson, listChangeLog } from '@/lib/audit/change-log'

export const dynamic = 'force-dynamic'

/**
 * GET /api/v1/audit/log (read; SPEC §3.4, §6: every role may read the change log): entries newest
 * first, `limit` (1–500, default 50) at a time; pass `next_cursor` back as `cursor` for the next
 * page (null on the last).
 */
export const GET = withErrors(async (request: Request) => {
  await requireAuth(request, 'read')
  const query = parseSearchParams(ChangeLogQuery, new URL(request.url).searchParams)
  const { entries, nextCursor } = await listChangeLog(await getDb(), { limit: query.limit, before: query.cursor })
  return Response.json({ entries: entries.map(changeLogEntryJson), next_cursor: nextCursor === null ? null : String(nextCursor) })
})
