import { z } from 'zod'
import { API_KEY_SCOPES, USER_ROLES } from '@/db/relational/schema'
import { DEFAULT_CHANGE_LOG_LIMIT, MAX_CHANGE_LOG_LIMIT } from '@/lib/audit/change-log'
import { MAX_API_KEY_NAME_LENGTH } from './api-keys'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password'
import { USERNAME_PATTERN } from './users'

// Inputs of the admin API (/api/v1/users, /api/v1/keys) and of GET /api/v1/audit/log.
// Objects are strict: an unknown field is a 400 naming it, not silently ignored.

const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`)

const Role = z.enum(USER_ROLES, { error: `must be one of ${USER_ROLES.join(', ')}` })

/** POST /api/v1/users. Without `password` a one-time password is generated and answered once. */
export const CreateUserInput = z.strictObject({
  username: z.string().regex(USERNAME_PATTERN, 'use 1–64 characters from A–Z, a–z, 0–9 and . _ @ -'),
  role: Role,
  password: Password.optional(),
})
export type CreateUserInput = z.infer<typeof CreateUserInput>

/** PATCH /api/v1/users/{username}: at least one of the two. */
export const UpdateUserInput = z
  .strictObject({ role: Role.optional(), disabled: z.boolean().optional() })
  .refine((input) => input.role !== undefined || input.disabled !== undefined, { message: 'nothing to change: give role or disabled' })
export type UpdateUserInput = z.infer<typeof UpdateUserInput>

/** POST /api/v1/users/{username}/password. Without `password` a one-time password is generated. */
export const ResetPasswordInput = z.strictObject({ password: Password.optional() })

/** POST /api/v1/keys. */
export const CreateKeyInput = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'give the key a name saying where it is used, e.g. "fraud pipeline"')
    .max(MAX_API_KEY_NAME_LENGTH, `at most ${MAX_API_KEY_NAME_LENGTH} characters`),
  scope: z.enum(API_KEY_SCOPES, { error: `must be one of ${API_KEY_SCOPES.join(', ')}` }),
})

/** The `{id}` of /api/v1/keys/{id}/revoke: digits only (no `1e3`, no sign). */
export const KeyId = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'must be a positive integer')
  .transform(Number)

/** GET /api/v1/audit/log: `cursor` is the `next_cursor` of the page before. */
export const ChangeLogQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_CHANGE_LOG_LIMIT).default(DEFAULT_CHANGE_LOG_LIMIT),
  cursor: z.coerce.number().int().positive().optional(),
})
