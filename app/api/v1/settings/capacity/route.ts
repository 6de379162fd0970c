import { getDb } from '@/lib/db'
import { withErrors } from '@/lib/http-error'
import { parseJsonBody } from '@/lib/json-body'
import { principalName, requireAuth, requireRole } from '@/lib/auth/guard'
import { listCapacity, replaceCapacity } from '@/lib/capacity/capacity'
import { CAPACITY_EDITOR_ROLES, CapacitySettingsInput, capacityEntryFromJson, capacityEntryJson } from '@/lib/capacity/capacity.schema'

export const dynamic = 'force-dynamic'

/** Settings are edited here and by the CLI: never answer from a cache. */
const NO_STORE = { 'Cache-Control': 'no-store' }

/** GET /api/v1/settings/capacity (read scope, every role): `{"entries": [...]}`, sorted by queue then model. */
export const GET = withErrors(async (request: Request) => {
  await requireAuth(request, 'read')
  const entries = await listCapacity(await getDb())
  return Response.json({ entries: entries.map(capacityEntryJson) }, { headers: NO_STORE })
})

/**
 * PUT /api/v1/settings/capacity `{"entries": [...]}` (role lead or admin, or an admin API key):
 * replaces every entry at once and records `capacity.update` in the change log. A 400 names the
 * field (`entries.2.staffed.5`) and changes nothing. Answers the stored entries like GET.
 */
export const PUT = withErrors(async (request: Request) => {
  const principal = await requireAuth(request, 'read')
  requireRole(principal, CAPACITY_EDITOR_ROLES, 'Editing capacity settings')
  const input = await parseJsonBody(request, CapacitySettingsInput)
  const entries = await replaceCapacity(await getDb(), input.entries.map(capacityEntryFromJson), principalName(principal))
  return Response.json({ entries: entries.map(capacityEntryJson) }, { headers: NO_STORE })
})
