import { USER_ROLES } from '@/db/relational/schema'
import { getDb } from '@/lib/db'
import { HttpError } from '@/lib/http-error'
import { generatePassword } from '@/lib/auth/password'
import { createUser, isUserRole, listUsers, resetPassword, updateUser, userJson } from '@/lib/auth/users'
import { UsageError, parseCommandArgs, printJson, type Command } from '../cli-args'
import { cliActor } from './cli-actor'
import { printTable } from './print-table'

const ROLES = USER_ROLES.join('|')
const USAGE =
  `users create NAME --role ${ROLES} [--password P] [--by USER] | users passwd NAME [--password P] [--by USER] | ` +
  `users set-role NAME --role ${ROLES} [--by USER] | users disable NAME [--by USER] | users enable NAME [--by USER] | users list [--json]`

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

function roleFlag(role: string | undefined) {
  if (!role || !isUserRole(role)) throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}`)
  return role
}

const PASSWORD_HINT = 'Generated password, shown only once (it is stored hashed): pass it on safely; the user signs in at /login.\n'

const create: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(argv, { role: { type: 'string' }, password: { type: 'string' }, by: { type: 'string' } })
  const username = onePositional(positionals, 'users create')
  const role = roleFlag(values.role)
  const generated = values.password === undefined
  const password = values.password ?? generatePassword()
  const db = await getDb()
  const actor = await cliActor(db, values.by)
  const user = await asUsage(() => createUser(db, { username, role, password, actor }))
  printJson(generated ? { ...userJson(user), password } : userJson(user))
  if (generated) process.stderr.write(PASSWORD_HINT)
  return 0
}

const passwd: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(argv, { password: { type: 'string' }, by: { type: 'string' } })
  const username = onePositional(positionals, 'users passwd')
  const db = await getDb()
  const actor = await cliActor(db, values.by)
  const { user, password } = await asUsage(() => resetPassword(db, username, { password: values.password, actor }))
  printJson(password !== null ? { ...userJson(user), password } : userJson(user))
  process.stderr.write(password !== null ? PASSWORD_HINT : `Password changed; ${username}'s sessions were signed out.\n`)
  return 0
}

const setRole: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(argv, { role: { type: 'string' }, by: { type: 'string' } })
  const username = onePositional(positionals, 'users set-role')
  const role = roleFlag(values.role)
  const db = await getDb()
  const actor = await cliActor(db, values.by)
  printJson(userJson(await asUsage(() => updateUser(db, username, { role }, { actor }))))
  return 0
}

function setDisabled(disabled: boolean): Command {
  return async (argv) => {
    const { values, positionals } = parseCommandArgs(argv, { by: { type: 'string' } })
    const username = onePositional(positionals, disabled ? 'users disable' : 'users enable')
    const db = await getDb()
    const actor = await cliActor(db, values.by)
    printJson(userJson(await asUsage(() => updateUser(db, username, { disabled }, { actor }))))
    if (disabled) process.stderr.write(`${username} is disabled and was signed out everywhere; "oversight users enable ${username}" undoes it.\n`)
    return 0
  }
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

const SUBCOMMANDS: Record<string, Command> = {
  create,
  passwd,
  'set-role': setRole,
  disable: setDisabled(true),
  enable: setDisabled(false),
  list,
}

/** `oversight users create|passwd|set-role|disable|enable|list`: the same services as /api/v1/users, so the change log records both. */
export const usersCommand: Command = async (argv) => {
  const [sub, ...rest] = argv
  const command = sub ? SUBCOMMANDS[sub] : undefined
  if (!command || !Object.hasOwn(SUBCOMMANDS, sub)) throw new UsageError(`unknown or missing subcommand${sub ? ` "${sub}"` : ''}. Usage: ${USAGE}`)
  return command(rest)
}
