'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useRef, useState, type FormEvent } from 'react'
import { API_KEY_SCOPES, type ApiKeyScope } from '@/db/relational/schema'
import { ErrorState } from '../../_components/query-states'
import { apiKeysQueryOptions, createApiKey, revokeApiKey, settingsKeys, type ApiKeyJson, type CreatedKey } from '../_queries'
import { ConfirmDialog } from './confirm-dialog'
import { changeErrorMessage } from './error-message'
import { CopyButton, CopyStatus, OneTimeSecret, type CopyState } from './one-time-secret'
import { SCOPE_DESCRIPTIONS, curlExample, formatTimestamp } from './prepare'

/** API keys (admins only): create one (shown once, with a curl example for this server), list, revoke. */
export function ApiKeysSection() {
  const queryClient = useQueryClient()
  const keys = useQuery(apiKeysQueryOptions())
  const [created, setCreated] = useState<{ key: CreatedKey; example: string } | null>(null)
  const [revoking, setRevoking] = useState<ApiKeyJson | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  function changed() {
    void queryClient.invalidateQueries({ queryKey: settingsKeys.keys })
    void queryClient.invalidateQueries({ queryKey: settingsKeys.changeLog })
  }

  const revoke = useMutation({
    mutationFn: (key: ApiKeyJson) => revokeApiKey(key.id),
    onSuccess: (key) => {
      setRevoking(null)
      setNotice(`Revoked “${key.name}”: requests with it now get 401.`)
      changed()
    },
  })

  // Newest first: the key just created is at the top.
  const rows = keys.data ? [...keys.data.keys].sort((a, b) => b.id - a.id) : []

  return (
    <section className="card settings-card" aria-labelledby="keys-title" data-testid="keys-section">
      <header className="chart-header">
        <h2 id="keys-title">API keys</h2>
        <p className="muted small">
          For programs: send <code>Authorization: Bearer &lt;key&gt;</code>. Ingest keys send telemetry, read keys read metrics, admin keys do
          everything. Oversight stores only a hash of each key.
        </p>
      </header>

      <CreateKeyForm
        onCreated={(key) => {
          setNotice(null)
          setCreated({ key, example: curlExample(window.location.origin, key.key, key.scope, new Date()) })
          changed()
        }}
      />

      {created ? (
        <OneTimeSecret
          key={created.key.id}
          title={`Key “${created.key.name}” created`}
          label={`API key (${created.key.scope})`}
          value={created.key.key}
          testId="new-api-key"
          note={
            <>
              <strong>Shown only once.</strong> Store it now (in your pipeline&apos;s secret store); Oversight keeps only its hash. If it is lost,
              revoke it and create another.
            </>
          }
          onDone={() => setCreated(null)}
        >
          <CurlExample text={created.example} />
        </OneTimeSecret>
      ) : null}

      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}

      {keys.isPending ? (
        <div className="skeleton" style={{ height: 120 }} aria-busy="true" aria-label="Loading API keys" />
      ) : keys.isError ? (
        <ErrorState title="API keys could not be loaded" error={keys.error} onRetry={() => void keys.refetch()} retrying={keys.isFetching} />
      ) : rows.length === 0 ? (
        <p className="muted">No API keys yet. Create one above to send telemetry to this server.</p>
      ) : (
        <KeysTable
          keys={rows}
          onRevoke={(key) => {
            revoke.reset()
            setNotice(null)
            setRevoking(key)
          }}
        />
      )}

      {revoking ? (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke key"
          pendingLabel="Revoking…"
          danger
          pending={revoke.isPending}
          error={revoke.isError ? changeErrorMessage(revoke.error) : null}
          onConfirm={() => revoke.mutate(revoking)}
          onCancel={() => setRevoking(null)}
        >
          <p>
            Anything using <code>{revoking.prefix}…</code> ({revoking.scope}) gets 401 from now on. This cannot be undone; create a new key to
            replace it.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  )
}

/** The curl call for a new key, with its own Copy (selecting the text where the clipboard is refused). */
function CurlExample({ text }: { text: string }) {
  const id = useId()
  const preRef = useRef<HTMLPreElement>(null)
  const [copy, setCopy] = useState<CopyState>('idle')
  return (
    <div className="field">
      <div className="field-label-row">
        <span className="field-label" id={`${id}-label`}>
          Try it against this server
        </span>
        <CopyButton
          className="button-secondary button-small"
          label="Copy command"
          value={text}
          state={copy}
          onState={setCopy}
          selectFallback={() => {
            if (preRef.current) window.getSelection()?.selectAllChildren(preRef.current)
          }}
        />
      </div>
      <pre ref={preRef} className="code-block" aria-labelledby={`${id}-label`} data-testid="curl-example">
        {text}
      </pre>
      <CopyStatus state={copy} />
    </div>
  )
}

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedKey) => void }) {
  const id = useId()
  const [name, setName] = useState('')
  const [scope, setScope] = useState<ApiKeyScope>('ingest')
  const create = useMutation({
    mutationFn: () => createApiKey({ name: name.trim(), scope }),
    onSuccess: (key) => {
      setName('')
      onCreated(key)
    },
  })

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!create.isPending) create.mutate()
  }

  return (
    <form className="inline-form" onSubmit={onSubmit} aria-label="Create an API key">
      <div className="field field-wide">
        <label htmlFor={`${id}-name`}>Key name</label>
        <input
          id={`${id}-name`}
          name="name"
          required
          maxLength={128}
          autoComplete="off"
          placeholder="e.g. fraud pipeline"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-scope`}>Scope</label>
        <select id={`${id}-scope`} name="scope" value={scope} onChange={(event) => setScope(event.target.value as ApiKeyScope)} aria-describedby={`${id}-help`}>
          {API_KEY_SCOPES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create key'}
      </button>
      <p id={`${id}-help`} className="muted small inline-form-help">
        {scope}: {SCOPE_DESCRIPTIONS[scope]}.
      </p>
      {create.isError ? (
        <p className="error-text inline-form-help" role="alert">
          {changeErrorMessage(create.error)}
        </p>
      ) : null}
    </form>
  )
}

function KeysTable({ keys, onRevoke }: { keys: ApiKeyJson[]; onRevoke: (key: ApiKeyJson) => void }) {
  return (
    <div className="table-scroll settings-table">
      <table className="table" aria-label="API keys" data-testid="keys-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Scope</th>
            <th scope="col">Created by</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} data-testid={`key-row-${key.id}`} className={key.revoked_at ? 'row-muted' : undefined}>
              <th scope="row">{key.name}</th>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{key.scope}</td>
              <td>{key.created_by ?? '—'}</td>
              <td title={key.created_at}>{formatTimestamp(key.created_at)}</td>
              <td title={key.last_used_at ?? undefined} data-testid="key-last-used">
                {key.last_used_at ? formatTimestamp(key.last_used_at) : 'never'}
              </td>
              <td title={key.revoked_at ?? undefined}>
                {key.revoked_at ? <span className="badge badge-neutral">Revoked</span> : <span className="badge badge-success">Active</span>}
              </td>
              <td className="row-actions">
                {key.revoked_at ? null : (
                  <button type="button" className="button-secondary button-small" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
