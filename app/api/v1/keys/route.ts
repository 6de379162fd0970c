import { getDb } from '@/lib/db'
import { withErrors } from '@/lib/http-error'
import { parseJsonBody } from '@/lib/json-body'
import { CreateKeyInput } from '@/lib/auth/admin.schema'
import { apiKeyJson, createApiKey, listApiKeys } from '@/lib/auth/api-keys'
import { principalName, requireAuth } from '@/lib/auth/guard'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'Cache-Control': 'no-store' }

/** GET /api/v1/keys (admin): every key with its prefix, scope and use, never the key or its hash. */
export const GET = withErrors(async (request: Request) => {
  await requireAuth(request, 'admin')
  const keys = await listApiKeys(await getDb())
  return Response.json({ keys: keys.map(apiKeyJson) }, { headers: NO_STORE })
})

/** POST /api/v1/keys (admin) `{name, scope}`: 201 with the key as `key`, the only time it is shown. */
export const POST = withErrors(async (request: Request) => {
  const principal = await requireAuth(request, 'admin')
  const input = await parseJsonBody(request, CreateKeyInput)
  const created = await createApiKey(await getDb(), { name: input.name, scope: input.scope, createdBy: principalName(principal) })
  return Response.json({ ...apiKeyJson(created.info), key: created.key }, { status: 201, headers: NO_STORE })
})
