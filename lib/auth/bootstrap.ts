import type { Kysely } from 'kysely'
import type { RelationalDatabase } from '@/db/relational/schema'
import { HttpError } from '@/lib/http-error'
import { getDb, toCount } from '@/lib/db'
import { getEnv } from '@/lib/env'
import { generatePassword } from './password'
import { createUser } from './users'

/** SPEC §6: the first admin is the user `admin`. */
export const FIRST_ADMIN_USERNAME = 'admin'

/**
 * Creates the first admin when the store has no user at all, and says how to sign in.
 *
 * With `adminPassword` (OVERSIGHT_ADMIN_PASSWORD) that password is used; without it a random
 * one-time password is generated and logged once. The variable only seeds an empty store: once
 * any user exists it is ignored, so changing it later does NOT change the admin's password (use
 * `oversight users passwd admin`). Returns whether a user was created.
 */
export async function ensureAdmin(
  db: Kysely<RelationalDatabase>,
  options: { adminPassword?: string; log: (line: string) => void; loginUrl?: string },
): Promise<boolean> {
  const { count } = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()
  if (toCount(count) > 0) return false
  const password = options.adminPassword ?? generatePassword()
  try {
    await createUser(db, { username: FIRST_ADMIN_USERNAME, role: 'admin', password })
  } catch (error) {
    // Another process created it first: that one reports the password.
    if (error instanceof HttpError && error.status === 409) return false
    if (error instanceof HttpError && options.adminPassword !== undefined) {
      throw new Error(`OVERSIGHT_ADMIN_PASSWORD is not usable: ${error.message}`)
    }
    throw error
  }
  const loginUrl = options.loginUrl ?? 'http://localhost:3000/login'
  if (options.adminPassword) {
    options.log(`[oversight] Created the first user "${FIRST_ADMIN_USERNAME}" (role admin) with the password from OVERSIGHT_ADMIN_PASSWORD. Sign in at ${loginUrl}.`)
  } else {
    options.log(
      [
        '',
        '  ================================================================',
        `  Sign in at ${loginUrl} as ${FIRST_ADMIN_USERNAME} with password ${password}`,
        '  (shown once; change it with `oversight users passwd admin`, or create your own',
        '  account with `oversight users create NAME --role admin`; set OVERSIGHT_ADMIN_PASSWORD',
        '  before the first start to choose it instead)',
        '  ================================================================',
        '',
      ].join('\n'),
    )
  }
  return true
}

const state = globalThis as unknown as { __oversightAdminEnsured?: Promise<void> }

/**
 * `ensureAdmin` on the configured store, once per server process (start-up code and the login
 * page both call it; the first call does the work). A failure is retried on the next call.
 */
export function ensureAdminOnce(): Promise<void> {
  state.__oversightAdminEnsured ??= (async () => {
    await ensureAdmin(await getDb(), {
      adminPassword: getEnv().adminPassword,
      log: (line) => console.log(line),
      loginUrl: `http://localhost:${process.env.PORT || 3000}/login`,
    })
  })().catch((error: unknown) => {
    state.__oversightAdminEnsured = undefined
    throw error
  })
  return state.__oversightAdminEnsured
}
