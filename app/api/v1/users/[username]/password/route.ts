import { getDb } from '@/lib/db'
import { withErrors } from '@/lib/http-error'
import { parseJsonBody } from '@/lib/json-body'
import { ResetPasswordInput } from '@/lib/auth/admin.schema'
import { principalName, requireAuth } from '@/lib/auth/guard'
import { resetPassword, userJson } from '@/lib/auth/users'
import { usernameParam } from '../username-param'

export const dynamic = 'force-dynamic'

/**
 * POST /api/v1/users/{username}/password (admin) `{password?}`: sets the password, or a generated
 * one-time password answered this once as `password`; the user is signed out everywhere.
 */
export const POST = withErrors(async (request: Request, context: { params: Promise<{ username: string }> }) => {
  const principal = await requireAuth(request, 'admin')
  const username = usernameParam((await context.params).username)
  const input = await parseJsonBody(request, ResetPasswordInput)
  const { user, password } = await resetPassword(await getDb(), username, { password: input.password, actor: principalName(principal) })
  const body = password !== null ? { ...userJson(user), password } : userJson(user)
  return Response.json(body, { headers: { 'Cache-Control': 'no-store' } })
})
