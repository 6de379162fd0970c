import type { UserRole } from '@/db/relational/schema'

/** How roles are named on screen (SPEC §6). */
export const ROLE_LABELS: Record<UserRole, string> = {
  viewer: 'Viewer',
  lead: 'Team lead',
  ml: 'ML engineer',
  compliance: 'Compliance',
  admin: 'Administrator',
}

/** What each role may do beyond reading (SPEC §6), for the role pickers. */
export const ROLE_DESCRIPTIONS: Record<UserRole, string> = {
  viewer: 'reads pages, metrics, exports and the change log',
  lead: 'also edits capacity, proposes policies, halts automation',
  ml: 'also proposes policies and halts automation',
  compliance: 'also approves or rejects policies and halts automation',
  admin: 'everything, including users and API keys',
}
