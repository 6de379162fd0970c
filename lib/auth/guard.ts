import type { ApiKeyScope, UserRole } from '@/db/relational/schema'
import { getDb, type Db } from '@/lib/db'
import { HttpError } from '@/lib/http-error'
import { CLI_ACTOR } from '@/lib/audit/change-log'
import { verifyApiKey } from './api-keys'
import { acceptsOperatorToken, ACTOR_HEADER, isOperatorToken } from './operator-token'
import { findUser } from './users'
import { isSameOriginRequest, isStateChanging } from './csrf'
import { keyHasScope, roleHasScope } from './scopes'
import { getSessionUser, readSessionToken } from './sessions'

export type Principal =
  | { kind: 'api_key'; keyId: number; scope: ApiKeyScope }
  | { kind: 'user'; userId: number; username: string; role: UserRole }
  /** The CLI beside the running server (lib/auth/operator-token.ts): every scope, acting as `actor`. */
  | { kind: 'operator'; actor: string }

const UNAUTHORIZED_MESSAGE = 'Missing or invalid credentials: send Authorization: Bearer <api key> or sign in.'

function unauthorized(): HttpError {
  return new HttpError(401, 'unauthorized', UNAUTHORIZED_MESSAGE, undefined, { 'WWW-Authenticate': 'Bearer' })
}

function forbidden(scope: ApiKeyScope, who: string): HttpError {
  return new HttpError(403, 'forbidden', `This request needs the "${scope}" scope, which ${who} does not have.`)
}

/** The Bearer credential, undefined without an Authorization header, '' when it is not Bearer. */
function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization')
  if (header === null) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match ? match[1] : ''
}

/**
 * Authenticates an API request and checks it may use `scope`. An Authorization header takes
 * precedence over the session cookie (and, when present, must be valid). Cookie-authenticated
 * state-changing requests must come from this site (Origin check, 403 `csrf_failed`); Bearer
 * requests are exempt because a browser never attaches them on its own.
 */
export async function requireAuth(request: Request, scope: ApiKeyScope): Promise<Principal> {
  const db = await getDb()
  const bearer = bearerToken(request)
  if (bearer !== undefined && isOperatorToken(bearer)) {
    if (!acceptsOperatorToken(request, bearer)) throw unauthorized()
    return { kind: 'operator', actor: await operatorActor(db, request.headers.get(ACTOR_HEADER)) }
  }
  if (bearer !== undefined) {
    const key = bearer ? await verifyApiKey(db, bearer, new Date()) : null
    if (!key) throw unauthorized()
    if (!keyHasScope(key.scope, scope)) throw forbidden(scope, `this API key (scope "${key.scope}")`)
    return { kind: 'api_key', keyId: key.id, scope: key.scope }
  }
  const user = await getSessionUser(db, readSessionToken(request.headers.get('cookie')), new Date())
  if (!user) throw unauthorized()
  if (isStateChanging(request.method) && !isSameOriginRequest(request.headers, request.url)) {
    throw new HttpError(403, 'csrf_failed', 'Cross-site request refused: the Origin (or Referer) header must name this server.')
  }
  if (!roleHasScope(user.role, scope)) throw forbidden(scope, `the role "${user.role}"`)
  return { kind: 'user', userId: user.id, username: user.username, role: user.role }
}

/**
 * Checks, after requireAuth, that the principal may do something only some roles may (SPEC §6,
 * e.g. "edit capacity settings": lead and admin). Scopes say what a credential may read or write;
 * this says which people may. Signed-in users by their role; an API key acts as an admin only
 * with the admin scope (a read or ingest key never changes settings); the CLI's operator counts
 * as admin. 403 `forbidden` naming the action and who may do it. `action` reads as the subject of
 * a sentence: "Editing capacity settings".
 */
export function requireRole(principal: Principal, roles: readonly UserRole[], action: string): void {
  const allowed = roles.map((role) => `"${role}"`).join(' or ')
  if (principal.kind === 'operator') {
    if (roles.includes('admin')) return
    throw new HttpError(403, 'forbidden', `${action} needs the role ${allowed}; the CLI acts as an admin.`)
  }
  if (principal.kind === 'api_key') {
    if (principal.scope === 'admin' && roles.includes('admin')) return
    const keys = roles.includes('admin') ? ', or an API key with the "admin" scope' : ''
    throw new HttpError(403, 'forbidden', `${action} needs a user with the role ${allowed}${keys}; this API key has the "${principal.scope}" scope.`)
  }
  if (roles.includes(principal.role)) return
  throw new HttpError(403, 'forbidden', `${action} needs the role ${allowed}; you are signed in as "${principal.username}" with the role "${principal.role}".`)
}

/** The operator's actor: the user the CLI's `--by` names (who must exist), else `cli`. */
async function operatorActor(db: Db, name: string | null): Promise<string> {
  if (name === null) return CLI_ACTOR
  if (!(await findUser(db, name))) {
    throw new HttpError(400, 'unknown_actor', `there is no user named "${name}"`, { issues: [{ path: ACTOR_HEADER, message: 'no such user' }] })
  }
  return name
}

/** A name for the change log and `created_by` columns: the username, `api_key:<id>`, or the CLI's actor. */
export function principalName(principal: Principal): string {
  if (principal.kind === 'operator') return principal.actor
  return principal.kind === 'user' ? principal.username : `api_key:${principal.keyId}`
}
