'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import { USER_ROLES, type UserRole } from '@/db/relational/schema'
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../../_components/role-labels'
import { ErrorState } from '../../_components/query-states'
import { createUser, resetPassword, settingsKeys, updateUser, usersQueryOptions, type UserJson } from '../_queries'
import { ConfirmDialog } from './confirm-dialog'
import { changeErrorMessage } from './error-message'
import { OneTimeSecret } from './one-time-secret'
import { formatTimestamp } from './prepare'

/** A password shown once: for a new user or after a reset. */
type Issued = { username: string; password: string; reason: 'created' | 'reset' }
/** The row action waiting for confirmation. */
type Pending =
  | { kind: 'disable' | 'enable' | 'password'; user: UserJson }
  | { kind: 'role'; user: UserJson; role: UserRole; /** Puts the row's picker back when the change is cancelled. */ revert: () => void }

function RoleOptions() {
  return (
    <>
      {USER_ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </>
  )
}

/** Users (admins only): who can sign in and with which role; create, change role, disable, reset password. */
export function UsersSection({ currentUser }: { currentUser: string }) {
  const queryClient = useQueryClient()
  const users = useQuery(usersQueryOptions())
  const [issued, setIssued] = useState<Issued | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  function changed() {
    void queryClient.invalidateQueries({ queryKey: settingsKeys.users })
    void queryClient.invalidateQueries({ queryKey: settingsKeys.changeLog })
  }

  const rowAction = useMutation({
    mutationFn: async (action: { pending: Pending; password?: string }) => {
      const { pending: p } = action
      if (p.kind === 'password') {
        const { password, ...user } = await resetPassword(p.user.username, action.password)
        return { user, password, pending: p }
      }
      const changes = p.kind === 'role' ? { role: p.role } : { disabled: p.kind === 'disable' }
      return { user: await updateUser(p.user.username, changes), password: undefined, pending: p }
    },
    onSuccess: ({ user, password, pending: p }) => {
      setPending(null)
      changed()
      if (p.kind === 'password') {
        if (password) setIssued({ username: user.username, password, reason: 'reset' })
        else setNotice(`New password set for ${user.username}; they were signed out everywhere.`)
      } else if (p.kind === 'role') setNotice(`${user.username} is now ${ROLE_LABELS[user.role]}.`)
      else setNotice(p.kind === 'disable' ? `${user.username} is disabled and was signed out.` : `${user.username} can sign in again.`)
    },
  })

  function open(next: Pending) {
    rowAction.reset()
    setNotice(null)
    setPending(next)
  }

  return (
    <section className="card settings-card" aria-labelledby="users-title" data-testid="users-section">
      <header className="chart-header">
        <h2 id="users-title">Users</h2>
        <p className="muted small">Who can sign in, and what their role lets them do. Every change goes into the change log below.</p>
      </header>

      <CreateUserForm
        onCreated={(user) => {
          changed()
          setNotice(null)
          if (user.password) setIssued({ username: user.username, password: user.password, reason: 'created' })
          else setNotice(`Created ${user.username} (${ROLE_LABELS[user.role]}) with the password you chose.`)
        }}
      />

      {issued ? (
        <OneTimeSecret
          key={`${issued.username} ${issued.password}`}
          title={issued.reason === 'created' ? `${issued.username} can sign in now` : `New password for ${issued.username}`}
          label={`One-time password for ${issued.username}`}
          value={issued.password}
          testId="one-time-password"
          note={
            <>
              Shown only once: Oversight keeps only a hash. Pass it on safely; {issued.username} signs in at <code>/login</code> with it.
              {issued.reason === 'reset' ? ` Their other sessions were signed out.` : null}
            </>
          }
          onDone={() => setIssued(null)}
        />
      ) : null}

      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}

      {users.isPending ? (
        <div className="skeleton" style={{ height: 120 }} aria-busy="true" aria-label="Loading users" />
      ) : users.isError ? (
        <ErrorState title="Users could not be loaded" error={users.error} onRetry={() => void users.refetch()} retrying={users.isFetching} />
      ) : (
        <UsersTable users={users.data.users} currentUser={currentUser} onAction={open} />
      )}

      {pending ? (
        <UserActionDialog
          pending={pending}
          isSelf={pending.user.username === currentUser}
          busy={rowAction.isPending}
          error={rowAction.isError ? changeErrorMessage(rowAction.error) : null}
          onConfirm={(password) => rowAction.mutate({ pending, password })}
          onCancel={() => {
            if (pending.kind === 'role') pending.revert()
            setPending(null)
          }}
        />
      ) : null}
    </section>
  )
}

function CreateUserForm({ onCreated }: { onCreated: (user: UserJson & { password?: string }) => void }) {
  const id = useId()
  const [username, setUsername] = useState('')
  const [role, setRole] = useState<UserRole>('viewer')
  const [password, setPassword] = useState('')
  const create = useMutation({
    mutationFn: () => createUser({ username: username.trim(), role, ...(password ? { password } : {}) }),
    onSuccess: (user) => {
      setUsername('')
      setPassword('')
      setRole('viewer')
      onCreated(user)
    },
  })

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!create.isPending) create.mutate()
  }

  return (
    <form className="inline-form" onSubmit={onSubmit} aria-label="Create a user">
      <div className="field">
        <label htmlFor={`${id}-username`}>Username</label>
        <input
          id={`${id}-username`}
          name="username"
          required
          maxLength={64}
          pattern="[A-Za-z0-9._@\-]{1,64}"
          title="1–64 characters from A–Z, a–z, 0–9 and . _ @ -"
          autoComplete="off"
          spellCheck={false}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select id={`${id}-role`} name="role" value={role} onChange={(event) => setRole(event.target.value as UserRole)} aria-describedby={`${id}-role-help`}>
          <RoleOptions />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password (optional)</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          minLength={8}
          maxLength={1024}
          autoComplete="new-password"
          placeholder="Empty: generate one"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create user'}
      </button>
      <p id={`${id}-role-help`} className="muted small inline-form-help">
        {ROLE_LABELS[role]}: {ROLE_DESCRIPTIONS[role]}. Without a password, a one-time password is generated and shown once.
      </p>
      {create.isError ? (
        <p className="error-text inline-form-help" role="alert">
          {changeErrorMessage(create.error)}
        </p>
      ) : null}
    </form>
  )
}

function UsersTable({ users, currentUser, onAction }: { users: UserJson[]; currentUser: string; onAction: (pending: Pending) => void }) {
  return (
    <div className="table-scroll settings-table">
      <table className="table" aria-label="Users" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserRow key={user.id} user={user} isSelf={user.username === currentUser} onAction={onAction} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function UserRow({ user, isSelf, onAction }: { user: UserJson; isSelf: boolean; onAction: (pending: Pending) => void }) {
  const id = useId()
  const [role, setRole] = useState<UserRole>(user.role)
  // A new role from the server (after a save) replaces the picker's value.
  const [shown, setShown] = useState(user.role)
  if (shown !== user.role) {
    setShown(user.role)
    setRole(user.role)
  }
  return (
    <tr data-testid={`user-row-${user.username}`}>
      <th scope="row">
        {user.username}
        {isSelf ? <span className="badge badge-inline badge-neutral">you</span> : null}
      </th>
      <td>
        <div className="role-picker">
          <label htmlFor={`${id}-role`} className="visually-hidden">
            Role of {user.username}
          </label>
          <select id={`${id}-role`} className="select select-small" value={role} onChange={(event) => setRole(event.target.value as UserRole)}>
            <RoleOptions />
          </select>
          {role !== user.role ? (
            <button type="button" className="button-primary button-small" onClick={() => onAction({ kind: 'role', user, role, revert: () => setRole(user.role) })}>
              Save
            </button>
          ) : null}
        </div>
      </td>
      <td>
        {user.disabled ? <span className="badge badge-neutral">Disabled</span> : <span className="badge badge-success">Active</span>}
      </td>
      <td title={user.created_at}>{formatTimestamp(user.created_at)}</td>
      <td className="row-actions">
        <button type="button" className="button-secondary button-small" onClick={() => onAction({ kind: 'password', user })}>
          Reset password
        </button>
        <button
          type="button"
          className="button-secondary button-small"
          onClick={() => onAction({ kind: user.disabled ? 'enable' : 'disable', user })}
        >
          {user.disabled ? 'Enable' : 'Disable'}
        </button>
      </td>
    </tr>
  )
}

function UserActionDialog({
  pending,
  isSelf,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  pending: Pending
  isSelf: boolean
  busy: boolean
  error: string | null
  onConfirm: (password?: string) => void
  onCancel: () => void
}) {
  const id = useId()
  const name = pending.user.username
  const common = { pending: busy, error, onCancel }
  if (pending.kind === 'password') {
    return (
      <ConfirmDialog
        {...common}
        title={`Reset the password of ${name}?`}
        confirmLabel="Reset password"
        pendingLabel="Resetting…"
        onConfirm={(data) => {
          const password = String(data.get('password') ?? '')
          onConfirm(password === '' ? undefined : password)
        }}
      >
        <p>{name} is signed out everywhere and signs in with the new password.</p>
        <div className="field">
          <label htmlFor={`${id}-password`}>New password (optional)</label>
          <input id={`${id}-password`} name="password" type="password" minLength={8} maxLength={1024} autoComplete="new-password" aria-describedby={`${id}-help`} />
          <p id={`${id}-help`} className="muted small">
            Leave it empty to generate a one-time password, shown once.
          </p>
        </div>
      </ConfirmDialog>
    )
  }
  if (pending.kind === 'role') {
    const losesAdmin = isSelf && pending.user.role === 'admin' && pending.role !== 'admin'
    return (
      <ConfirmDialog
        {...common}
        title={`Change the role of ${name} to ${ROLE_LABELS[pending.role]}?`}
        confirmLabel="Change role"
        pendingLabel="Saving…"
        danger={losesAdmin}
        onConfirm={() => onConfirm()}
      >
        <p>
          {ROLE_LABELS[pending.role]}: {ROLE_DESCRIPTIONS[pending.role]}. It applies at once, to {name}&apos;s open sessions too.
        </p>
        {losesAdmin ? <p className="error-text">This is your own account: you will no longer be able to manage users and keys.</p> : null}
      </ConfirmDialog>
    )
  }
  const disabling = pending.kind === 'disable'
  return (
    <ConfirmDialog
      {...common}
      title={disabling ? `Disable ${name}?` : `Enable ${name}?`}
      confirmLabel={disabling ? 'Disable' : 'Enable'}
      pendingLabel={disabling ? 'Disabling…' : 'Enabling…'}
      danger={disabling}
      onConfirm={() => onConfirm()}
    >
      <p>
        {disabling
          ? `${name} is signed out at once and cannot sign in until enabled again. Their past actions stay in the change log.`
          : `${name} can sign in again with their current password.`}
      </p>
      {disabling && isSelf ? <p className="error-text">This is your own account: you will be signed out.</p> : null}
    </ConfirmDialog>
  )
}
