import type { Db } from '@/lib/db'
import { CLI_ACTOR } from '@/lib/audit/change-log'
import { findUser } from '@/lib/auth/users'
import { UsageError } from '../cli-args'

/** The change log's actor for a CLI change: the user named by `--by` (who must exist), else `cli`. */
export async function cliActor(db: Db, by: string | undefined): Promise<string> {
  if (by === undefined) return CLI_ACTOR
  if (!(await findUser(db, by))) throw new UsageError(`--by: there is no user named "${by}"`)
  return by
}
