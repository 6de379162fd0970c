import { getDb } from '@/lib/db'
import { withErrors } from '@/lib/http-error'
import { parseJsonBody } from '@/lib/json-body'
import { UpdateUserInput } from '@/lib/auth/admin.schema'
import { principalName, requireAuth } from '@/lib/auth/guard'
import { updateUser, userJson } from '@/lib/auth/users'
import { usernameParam } from './username-param'

export const dynamic = 'force-dynamic'

/**
 * PATCH /api/v1/users/{username} (admin) `{role?, disabled?}`: changes the role and/or disables
 * (signing the user out) or enables them. 409 `last_admin` for the last enabled admin, 404 for an
 * unknown user.
 */
export const PATCH = withErrors(async (request: Request, context: { params: Promise<{ username: string }> }) => {
  const principal = await requireAuth(request, 'admin')
  const username = usernameParam((await context.params).username)
  const changes = await parseJsonBody(request, UpdateUserInput)
  const user = await updateUser(await getDb(), username, changes, { actor: principalName(principal) })
  return Response.json(userJson(user), { headers: { 'Cache-Control': 'no-store' } })
})
