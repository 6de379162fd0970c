import { USER_ROLES } from '@/db/relational/schema'
import { getDb } from '@/lib/db'
import { HttpError } from '@/lib/http-error'
import { generatePassword } from '@/lib/auth/password'
import { createUser, isUserRole, listUsers, setPassword, type User } from '@/lib/auth/users'
import { UsageError, parseCommandArgs, printJson, type Command } from '../cli-args'
import { printTable } from './print-table'

const USAGE =
  'users create NAME --role viewer|lead|ml|compliance|admin [--password P] | users passwd NAME [--password P] | users list [--json]'

function userJson(user: User) {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    created_at: user.createdAt.toISOString(),
    disabled_at: user.disabledAt?.toISOString() ?? null,
  }
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

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`${what} needs exactly one NAME. Usage: ${USAGE}`)
  return positionals[0]
}

const PASSWORD_HINT = 'Generated password, shown only once (it is stored hashed): pass it on safely; the user signs in at /login.\n'

const create: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(argv, { role: { type: 'string' }, password: { type: 'string' } })
  const username = onePositional(positionals, 'users create')
  const role = values.role
  if (!role || !isUserRole(role)) throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}`)
  const generated = values.password === undefined
  const password = values.password ?? generatePassword()
  const user = await asUsage(async () => createUser(await getDb(), { username, role, password }))
  printJson(generated ? { ...userJson(user), password } : userJson(user))
  if (generated) process.stderr.write(PASSWORD_HINT)
  return 0
}

const passwd: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(argv, { password: { type: 'string' } })
  const username = onePositional(positionals, 'users passwd')
  const generated = values.password === undefined
  const password = values.password ?? generatePassword()
  const user = await asUsage(async () => setPassword(await getDb(), username, password))
  printJson(generated ? { ...userJson(user), password } : userJson(user))
  process.stderr.write(generated ? PASSWORD_HINT : `Password changed; ${username}'s sessions were signed out.\n`)
  return 0
}

const list: Command = async (argv) => {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } })
  const users = await listUsers(await getDb())
  if (values.json) {
    printJson(users.map(userJson))
    return 0
  }
  printTable(
    ['ID', 'USERNAME', 'ROLE', 'CREATED', 'STATUS'],
    users.map((u) => [String(u.id), u.username, u.role, u.createdAt.toISOString(), u.disabledAt ? 'disabled' : 'active']),
  )
  return 0
}

/** `oversight users create|passwd|list`. */
export const usersCommand: Command = async (argv) => {
  const [sub, ...rest] = argv
  if (sub === 'create') return create(rest)
  if (sub === 'passwd') return passwd(rest)
  if (sub === 'list') return list(rest)
  throw new UsageError(`unknown or missing subcommand${sub ? ` "${sub}"` : ''}. Usage: ${USAGE}`)
}
