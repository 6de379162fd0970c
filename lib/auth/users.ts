import type { Kysely } from 'kysely'
import { USER_ROLES, type RelationalDatabase, type UserRole } from '@/db/relational/schema'
import { HttpError } from '@/lib/http-error'
import { SYSTEM_ACTOR, appendChangeLog, inChangeTransaction, userSubject, type ChangeTransaction } from '@/lib/audit/change-log'
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password'

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

/** A user as the HTTP API and the CLI print it: snake_case, ISO times, never the hash. */
export function userJson(user: User) {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    disabled: user.disabledAt !== null,
    created_at: user.createdAt.toISOString(),
    disabled_at: user.disabledAt?.toISOString() ?? null,
  }
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

/** Who makes a change, for the change log: a username, `api_key:<id>`, `cli` or `system`. */
export interface ChangeOptions {
  /** Defaults to `system` (the server on its own, e.g. the first admin at start-up). */
  actor?: string
}

function notFound(username: string): HttpError {
  return new HttpError(404, 'not_found', `There is no user named "${username}".`)
}

/**
 * Creates a user and records `user.create`; 400 on a bad field, 409 `conflict` when the username
 * is taken.
 */
export async function createUser(
  db: DbLike,
  input: { username: string; role: UserRole; password: string } & ChangeOptions,
): Promise<User> {
  validateNewUser(input)
  const conflict = () => new HttpError(409, 'conflict', `A user named "${input.username}" already exists.`)
  if (await findUser(db, input.username)) throw conflict()
  // scrypt takes ~0.2 s: hash before the transaction so the change-log lock is held briefly.
  const passwordHash = await hashPassword(input.password)
  try {
    return await inChangeTransaction(db, async (trx) => {
      if (await findUser(trx, input.username)) throw conflict()
      const row = await trx
        .insertInto('users')
        .values({ username: input.username, role: input.role, password_hash: passwordHash })
        .returning(USER_COLUMNS)
        .executeTakeFirstOrThrow()
      await appendChangeLog(trx, {
        actor: input.actor ?? SYSTEM_ACTOR,
        action: 'user.create',
        subject: userSubject(input.username),
        payload: { role: input.role },
      })
      return toUser(row)
    })
  } catch (error) {
    // Another writer (outside the change-log lock) created the same name first.
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

/**
 * Replaces a user's password with `password`, or with a generated one-time password when none is
 * given (returned here, the only time it exists in clear), signs them out everywhere and records
 * `user.password_reset`. 400 for a bad password, 404 when there is no such user.
 */
export async function resetPassword(
  db: DbLike,
  username: string,
  options: { password?: string } & ChangeOptions = {},
): Promise<{ user: User; password: string | null }> {
  const generated = options.password === undefined
  const password = options.password ?? generatePassword()
  const problem = passwordProblem(password)
  if (problem) throw invalidField('password', problem)
  const passwordHash = await hashPassword(password)
  const user = await inChangeTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('username', '=', username)
      .returning(USER_COLUMNS)
      .executeTakeFirst()
    if (!row) throw notFound(username)
    await trx.deleteFrom('sessions').where('user_id', '=', row.id).execute()
    await appendChangeLog(trx, {
      actor: options.actor ?? SYSTEM_ACTOR,
      action: 'user.password_reset',
      subject: userSubject(username),
      payload: { generated },
    })
    return toUser(row)
  })
  return { user, password: generated ? password : null }
}

/** resetPassword with a given password. */
export async function setPassword(db: DbLike, username: string, password: string, options: ChangeOptions = {}): Promise<User> {
  return (await resetPassword(db, username, { password, actor: options.actor })).user
}

/** Enabled admins other than `exceptId`, read inside the change-log lock so the answer holds until commit. */
async function otherEnabledAdmins(trx: ChangeTransaction, exceptId: number): Promise<number> {
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('id', '!=', exceptId)
    .execute()
  return rows.length
}

/**
 * Changes a user's role and/or disables or enables them, in one transaction, recording
 * `user.role_change`, `user.disable` or `user.enable` for what actually changed (asking for the
 * current state changes and records nothing). Disabling signs the user out everywhere. The last
 * enabled admin can be neither demoted nor disabled (409 `last_admin`): someone must be left to
 * manage users and keys. 400 for an unknown role or nothing asked, 404 for an unknown user.
 */
export async function updateUser(
  db: DbLike,
  username: string,
  changes: { role?: UserRole; disabled?: boolean },
  options: ChangeOptions & { now?: Date } = {},
): Promise<User> {
  if (changes.role !== undefined && !isUserRole(changes.role)) throw invalidField('role', `must be one of ${USER_ROLES.join(', ')}`)
  if (changes.role === undefined && changes.disabled === undefined) {
    throw new HttpError(400, 'invalid_request', 'Nothing to change: give role or disabled.', {
      issues: [{ path: '', message: 'give role or disabled' }],
    })
  }
  const actor = options.actor ?? SYSTEM_ACTOR
  const subject = userSubject(username)
  return inChangeTransaction(db, async (trx) => {
    const row = await trx.selectFrom('users').select(USER_COLUMNS).where('username', '=', username).executeTakeFirst()
    if (!row) throw notFound(username)
    const role = changes.role ?? row.role
    const wasDisabled = row.disabled_at !== null
    const disabled = changes.disabled ?? wasDisabled
    const wasAdmin = row.role === 'admin' && !wasDisabled
    if (wasAdmin && !(role === 'admin' && !disabled) && (await otherEnabledAdmins(trx, row.id)) === 0) {
      const what = disabled ? 'disabled' : `made ${role}`
      throw new HttpError(
        409,
        'last_admin',
        `"${username}" is the last enabled admin and cannot be ${what}: make another user admin first, so someone can still manage users and keys.`,
      )
    }
    let current = row
    if (role !== row.role) {
      current = await trx.updateTable('users').set({ role }).where('id', '=', row.id).returning(USER_COLUMNS).executeTakeFirstOrThrow()
      await appendChangeLog(trx, { actor, action: 'user.role_change', subject, payload: { from: row.role, to: role } })
    }
    if (disabled !== wasDisabled) {
      current = await trx
        .updateTable('users')
        .set({ disabled_at: disabled ? (options.now ?? new Date()) : null })
        .where('id', '=', row.id)
        .returning(USER_COLUMNS)
        .executeTakeFirstOrThrow()
      if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', row.id).execute()
      await appendChangeLog(trx, { actor, action: disabled ? 'user.disable' : 'user.enable', subject })
    }
    return toUser(current)
  })
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
