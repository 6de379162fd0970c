'use client'

import type { UserRole } from '@/db/relational/schema'
import { canEditCapacity } from '@/lib/capacity/capacity.schema'
import { ROLE_LABELS } from '../../_components/role-labels'
import { ApiKeysSection } from './api-keys-section'
import { CapacitySection } from './capacity-section'
import { ChangeLogSection } from './change-log-section'
import { UsersSection } from './users-section'

/**
 * Settings: users and API keys for admins; everyone else sees a note instead. Capacity for every
 * role, editable by team leads and admins. The change log for all. The page hides what a role
 * cannot use; the API enforces it (403).
 */
export function SettingsView({ user }: { user: { username: string; role: UserRole } }) {
  const isAdmin = user.role === 'admin'
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">Users, API keys, capacity and the change log of this Oversight installation.</p>
        </div>
      </header>
      {isAdmin ? (
        <>
          <UsersSection currentUser={user.username} />
          <ApiKeysSection />
          <CapacitySection canEdit />
        </>
      ) : (
        <>
          <CapacitySection canEdit={canEditCapacity(user.role)} />
          <section className="card settings-card" aria-labelledby="admin-note-title" data-testid="read-only-note">
            <h2 id="admin-note-title">Users and API keys</h2>
            <p>
              You are signed in as <strong>{user.username}</strong> ({ROLE_LABELS[user.role]}). Users and API keys are managed by administrators:
              ask one for an API key to send telemetry, a new account, or a different role.
            </p>
          </section>
        </>
      )}
      <ChangeLogSection />
    </>
  )
}
