import { getDb } from '@/lib/db'
import { withErrors } from '@/lib/http-error'
import { parseJsonBody } from '@/lib/json-body'
import { CreateUserInput } from '@/lib/auth/admin.schema'
import { principalName, requireAuth } from '@/lib/auth/guard'
import { generatePassword } from '@/lib/auth/password'
import { createUser, listUsers, userJson } from '@/lib/auth/users'

export const dynamic = 'force-dynamic'

/** Answers about users and their one-time passwords are never cached. */
const NO_STORE = { 'Cache-Control': 'no-store' }

/** GET /api/v1/users (admin): every user, never a password hash. */
export const GET = withErrors(async (request: Request) => {
  await requireAuth(request, 'admin')
  const users = await listUsers(await getDb())
  return Response.json({ users: users.map(userJson) }, { headers: NO_STORE })
})

/**
 * POST /api/v1/users (admin) `{username, role, password?}`: 201 with the user; without `password`
 * also `password`, a generated one-time password shown this once. 409 when the name is taken.
 */
export const POST = withErrors(async (request: Request) => {
  const principal = await requireAuth(request, 'admin')
  const input = await parseJsonBody(request, CreateUserInput)
  const password = input.password ?? generatePassword()
  const user = await createUser(await getDb(), { username: input.username, role: input.role, password, actor: principalName(principal) })
  const body = input.password === undefined ? { ...userJson(user), password } : userJson(user)
  return Response.json(body, { status: 201, headers: NO_STORE })
})
