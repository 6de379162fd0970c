import { z } from 'zod'
import { getDb } from '@/lib/db'
import { HttpError, withErrors } from '@/lib/http-error'
import { parseJsonBody } from '@/lib/json-body'
import { KeyId } from '@/lib/auth/admin.schema'
import { apiKeyJson, revokeApiKey } from '@/lib/auth/api-keys'
import { principalName, requireAuth } from '@/lib/auth/guard'

export const dynamic = 'force-dynamic'

/** Key ids are PostgreSQL `serial` (int4): anything larger names no key. */
const MAX_KEY_ID = 2 ** 31 - 1

/** POST /api/v1/keys/{id}/revoke (admin), no body: revokes the key at once (idempotent); 404 for an unknown id. */
export const POST = withErrors(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const principal = await requireAuth(request, 'admin')
  const parsed = KeyId.safeParse((await context.params).id)
  if (!parsed.success) {
    throw new HttpError(400, 'invalid_request', 'Invalid parameter id: must be a positive integer', {
      issues: [{ path: 'id', message: 'must be a positive integer' }],
    })
  }
  await parseJsonBody(request, z.strictObject({}))
  if (parsed.data > MAX_KEY_ID) throw new HttpError(404, 'not_found', `There is no API key with id ${parsed.data}.`)
  const info = await revokeApiKey(await getDb(), parsed.data, new Date(), principalName(principal))
  return Response.json(apiKeyJson(info), { headers: { 'Cache-Control': 'no-store' } })
})
