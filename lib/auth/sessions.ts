import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { RelationalDatabase, UserRole } from '@/db/relational/schema'
import { getEnv } from '@/lib/env'
import { sha256Hex } from './random'

/** 32 random bytes (256 bits): unguessable, so the token alone identifies the session. */
const TOKEN_BYTES = 32
const HOUR_MS = 60 * 60 * 1000

// The cookie rules live apart, free of database imports, for the proxy; re-exported here.
export { SESSION_COOKIE, clearedSessionCookie, isSecureRequest, readSessionToken, sessionCookie } from './session-cookie'

type DbLike = Kysely<RelationalDatabase>

export interface SessionUser {
  id: number
  username: string
  role: UserRole
}

/** Starts a session; returns the cookie token (stored only as its sha256) and when it expires. */
export async function createSession(
  db: DbLike,
  userId: number,
  now: Date,
  ttlHours: number = getEnv().sessionTtlHours,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url')
  const expiresAt = new Date(now.getTime() + ttlHours * HOUR_MS)
  // Sweep expired sessions here, where sessions are created anyway, instead of a timer.
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute()
  await db.insertInto('sessions').values({ token_hash: sha256Hex(token), user_id: userId, expires_at: expiresAt }).execute()
  return { token, expiresAt }
}

/** The signed-in user for a cookie token, or null when unknown, expired, or the user is disabled. */
export async function getSessionUser(db: DbLike, token: string | undefined | null, now: Date): Promise<SessionUser | null> {
  if (!token) return null
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.role'])
    .where('sessions.token_hash', '=', sha256Hex(token))
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst()
  return row ?? null
}

export async function deleteSession(db: DbLike, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute()
}
