import { USER_ROLES, type UserRole } from '@/db/relational/schema'
import { getDb } from '@/lib/db'
import { HttpError } from '@/lib/http-error'
import { generatePassword } from '@/lib/auth/password'
import { createUser, isUserRole, listUsers, resetPassword, updateUser, userJson } from '@/lib/auth/users'
import type { ServerClient } from '../server-client'
import { UsageError, parseCommandArgs, printJson, type Command, type CommandContext } from '../cli-args'
import { cliActor } from './cli-actor'
import { printTable } from './print-table'

const ROLES = USER_ROLES.join('|')
const USAGE =
  `users create NAME --role ${ROLES} [--password P] [--by USER] | users passwd NAME [--password P] [--by USER] | ` +
  `users set-role NAME --role ${ROLES} [--by USER] | users disable NAME [--by USER] | users enable NAME [--by USER] | users list [--json]`

type UserJson = ReturnType<typeof userJson>
/** A user as printed after a change that may have set a one-time password. */
type UserWithPassword = UserJson & { password?: string }

/**
 * The user operations, in process on the store or through the running server's /api/v1/users:
 * the same JSON either way (`password` only when one was generated).
 */
interface UserStore {
  create(input: { username: string; role: UserRole; password: string | undefined; by: string | undefined }): Promise<UserWithPassword>
  resetPassword(username: string, password: string | undefined, by: string | undefined): Promise<UserWithPassword>
  update(username: string, changes: { role?: UserRole; disabled?: boolean }, by: string | undefined): Promise<UserJson>
  list(): Promise<UserJson[]>
}

/** A 400 from lib/auth (bad username, short password) is a usage mistake here. */
async function asUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof HttpError && error.status === 400) throw new UsageError(error.message)
    throw error
  }
}

const inProcess: UserStore = {
  async create({ username, role, password, by }) {
    const db = await getDb()
    const actor = await cliActor(db, by)
    const chosen = password ?? generatePassword()
    const user = await asUsage(() => createUser(db, { username, role, password: chosen, actor }))
    return password === undefined ? { ...userJson(user), password: chosen } : userJson(user)
  },
  async resetPassword(username, password, by) {
    const db = await getDb()
    const actor = await cliActor(db, by)
    const result = await asUsage(() => resetPassword(db, username, { password, actor }))
    return result.password !== null ? { ...userJson(result.user), password: result.password } : userJson(result.user)
  },
  async update(username, changes, by) {
    const db = await getDb()
    const actor = await cliActor(db, by)
    return userJson(await asUsage(() => updateUser(db, username, changes, { actor })))
  },
  list: async () => (await listUsers(await getDb())).map(userJson),
}

function throughServer(server: ServerClient): UserStore {
  const user = (username: string) => `/api/v1/users/${encodeURIComponent(username)}`
  return {
    create: async ({ username, role, password, by }) =>
      (await server.request('POST', '/api/v1/users', { body: { username, role, ...(password !== undefined ? { password } : {}) }, actor: by })) as UserWithPassword,
    resetPassword: async (username, password, by) =>
      (await server.request('POST', `${user(username)}/password`, { body: password !== undefined ? { password } : {}, actor: by })) as UserWithPassword,
    update: async (username, changes, by) => (await server.request('PATCH', user(username), { body: changes, actor: by })) as UserJson,
    list: async () => ((await server.request('GET', '/api/v1/users')) as { users: UserJson[] }).users,
  }
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`${what} needs exactly one NAME. Usage: ${USAGE}`)
  return positionals[0]
}

function roleFlag(role: string | undefined) {
  if (!role || !isUserRole(role)) throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}`)
  return role
}

const PASSWORD_HINT = 'Generated password, shown only once (it is stored hashed): pass it on safely; the user signs in at /login.\n'

type Subcommand = (argv: string[], users: UserStore) => Promise<number>

const create: Subcommand = async (argv, users) => {
  const { values, positionals } = parseCommandArgs(argv, { role: { type: 'string' }, password: { type: 'string' }, by: { type: 'string' } })
  const username = onePositional(positionals, 'users create')
  const role = roleFlag(values.role)
  const created = await users.create({ username, role, password: values.password, by: values.by })
  printJson(created)
  if (created.password !== undefined) process.stderr.write(PASSWORD_HINT)
  return 0
}

const passwd: Subcommand = async (argv, users) => {
  const { values, positionals } = parseCommandArgs(argv, { password: { type: 'string' }, by: { type: 'string' } })
  const username = onePositional(positionals, 'users passwd')
  const changed = await users.resetPassword(username, values.password, values.by)
  printJson(changed)
  process.stderr.write(changed.password !== undefined ? PASSWORD_HINT : `Password changed; ${username}'s sessions were signed out.\n`)
  return 0
}

const setRole: Subcommand = async (argv, users) => {
  const { values, positionals } = parseCommandArgs(argv, { role: { type: 'string' }, by: { type: 'string' } })
  const username = onePositional(positionals, 'users set-role')
  const role = roleFlag(values.role)
  printJson(await users.update(username, { role }, values.by))
  return 0
}

function setDisabled(disabled: boolean): Subcommand {
  return async (argv, users) => {
    const { values, positionals } = parseCommandArgs(argv, { by: { type: 'string' } })
    const username = onePositional(positionals, disabled ? 'users disable' : 'users enable')
    printJson(await users.update(username, { disabled }, values.by))
    if (disabled) process.stderr.write(`${username} is disabled and was signed out everywhere; "oversight users enable ${username}" undoes it.\n`)
    return 0
  }
}

const list: Subcommand = async (argv, users) => {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } })
  const all = await users.list()
  if (values.json) {
    printJson(all)
    return 0
  }
  printTable(
    ['ID', 'USERNAME', 'ROLE', 'CREATED', 'STATUS'],
    all.map((u) => [String(u.id), u.username, u.role, u.created_at, u.disabled ? 'disabled' : 'active']),
  )
  return 0
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  create,
  passwd,
  'set-role': setRole,
  disable: setDisabled(true),
  enable: setDisabled(false),
  list,
}

/** `oversight users create|passwd|set-role|disable|enable|list`: the same services as /api/v1/users, so the change log records both. */
export const usersCommand: Command = async (argv, context?: CommandContext) => {
  const [sub, ...rest] = argv
  if (!sub || !Object.hasOwn(SUBCOMMANDS, sub)) throw new UsageError(`unknown or missing subcommand${sub ? ` "${sub}"` : ''}. Usage: ${USAGE}`)
  return SUBCOMMANDS[sub](rest, context?.server ? throughServer(context.server) : inProcess)
}
