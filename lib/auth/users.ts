import type { Kysely } from 'kysely'
import { USER_ROLES, type RelationalDatabase, type UserRole } from '@/db/relational/schema'
import { HttpError } from '@/lib/http-error'
import { hashPassword, passwordProblem, verifyPassword } from './password'

/** Usernames: 1–64 of [A-Za-z0-9._@-], so they are safe in logs, URLs and the change log. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/

/** A user as the app sees it: never the password hash. */
export interface User {
  id: number
  username: string
  role: UserRole
  createdAt: Date
  disabledAt: Date | null
}

type DbLike = Kysely<RelationalDatabase>

const USER_COLUMNS = ['id', 'username', 'role', 'created_at', 'disabled_at'] as const

function toUser(row: { id: number; username: string; role: UserRole; created_at: Date; disabled_at: Date | null }): User {
  return { id: row.id, username: row.username, role: row.role, createdAt: row.created_at, disabledAt: row.disabled_at }
}

function invalidField(path: string, message: string): HttpError {
  return new HttpError(400, 'invalid_request', `Invalid ${path}: ${message}`, { issues: [{ path, message }] })
}

export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value)
}

/** Throws a 400 naming the field when a username, role or password is unacceptable. */
function validateNewUser(input: { username: string; role: string; password: string }): void {
  if (!USERNAME_PATTERN.test(input.username)) {
    throw invalidField('username', 'use 1–64 characters from A–Z, a–z, 0–9 and . _ @ -')
  }
  if (!isUserRole(input.role)) throw invalidField('role', `must be one of ${USER_ROLES.join(', ')}`)
  const problem = passwordProblem(input.password)
  if (problem) throw invalidField('password', problem)
}

/** Postgres (and PGlite) report a unique violation as SQLSTATE 23505. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}

/** Creates a user; 400 on a bad field, 409 `conflict` when the username is taken. */
export async function createUser(db: DbLike, input: { username: string; role: UserRole; password: string }): Promise<User> {
  validateNewUser(input)
  const conflict = () => new HttpError(409, 'conflict', `A user named "${input.username}" already exists.`)
  if (await findUser(db, input.username)) throw conflict()
  const passwordHash = await hashPassword(input.password)
  try {
    const row = await db
      .insertInto('users')
      .values({ username: input.username, role: input.role, password_hash: passwordHash })
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow()
    return toUser(row)
  } catch (error) {
    // Another request created the same name between the check and the insert.
    if (isUniqueViolation(error)) throw conflict()
    throw error
  }
}

export async function findUser(db: DbLike, username: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('username', '=', username).executeTakeFirst()
  return row ? toUser(row) : null
}

export async function listUsers(db: DbLike): Promise<User[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('id').execute()
  return rows.map(toUser)
}

/** Replaces a user's password and signs them out everywhere; 404 when there is no such user. */
export async function setPassword(db: DbLike, username: string, password: string): Promise<User> {
  const problem = passwordProblem(password)
  if (problem) throw invalidField('password', problem)
  const passwordHash = await hashPassword(password)
  const row = await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('username', '=', username)
    .returning(USER_COLUMNS)
    .executeTakeFirst()
  if (!row) throw new HttpError(404, 'not_found', `There is no user named "${username}".`)
  await db.deleteFrom('sessions').where('user_id', '=', row.id).execute()
  return toUser(row)
}

// A valid hash of a random password, checked when the user does not exist so that an unknown
// username costs the same time as a wrong password (no user enumeration by timing).
let decoyHash: Promise<string> | undefined

/** The user when the username and password match and the user is enabled; otherwise null. */
export async function verifyCredentials(db: DbLike, username: string, password: string): Promise<User | null> {
  const row = USERNAME_PATTERN.test(username)
    ? await db.selectFrom('users').select([...USER_COLUMNS, 'password_hash']).where('username', '=', username).executeTakeFirst()
    : undefined
  if (!row) {
    decoyHash ??= hashPassword('decoy password never used')
    await verifyPassword(password, await decoyHash)
    return null
  }
  const ok = await verifyPassword(password, row.password_hash)
  return ok && row.disabled_at === null ? toUser(row) : null
}
