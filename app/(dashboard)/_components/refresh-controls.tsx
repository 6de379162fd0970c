'use client'

import { useQueryClient } from '@tanstack/react-query'
import { useSearchParams } from 'next/navigation'
import { formatUpdatedAt } from '@/lib/format'
import { readRefresh, REFRESH_CHOICES, withRefresh, type RefreshValue } from './auto-refresh'
import { CopyLinkButton } from './copy-link-button'
import { useViewPending, writeQuery } from './url-state'

/**
 * When the figures on screen were fetched, a Refresh button, the auto-refresh interval (off by
 * default, kept in the URL: auto-refresh.ts) and Copy link. In the page header of every metric page.
 */
export function RefreshControls({ updatedAt, state: queryState }: { updatedAt: number; state: 'idle' | 'updating' | 'refreshing' }) {
  const state = useViewPending() ? 'updating' : queryState
  const searchParams = useSearchParams()
  const queryClient = useQueryClient()
  const refresh = readRefresh(searchParams)

  function refreshNow() {
    // Every metric query of the page (a family's view and its companions) and the filter options.
    void queryClient.invalidateQueries({ queryKey: ['metrics'] })
    void queryClient.invalidateQueries({ queryKey: ['meta'] })
  }

  const label = state === 'updating' ? 'Updating…' : state === 'refreshing' ? 'Refreshing…' : updatedAt > 0 ? `Updated ${formatUpdatedAt(updatedAt, Date.now())}` : null
  return (
    <div className="refresh-controls">
      <span className="muted small updated-at" data-testid="updated-at" title={updatedAt > 0 ? `Figures fetched at ${new Date(updatedAt).toISOString()}` : undefined}>
        {label}
      </span>
      <button type="button" className="button-ghost button-small button-icon" onClick={refreshNow} disabled={state !== 'idle'} aria-label="Refresh the figures" title="Refresh the figures">
        <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
          <path d="M13 8a5 5 0 11-1.46-3.54M13 2.5v3h-3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      <label className="auto-refresh" title="Fetch the figures again on a timer (kept in the link)">
        <span className="muted small">Auto-refresh</span>
        <select
          className="select select-small"
          aria-label="Auto-refresh"
          value={refresh ?? ''}
          onChange={(event) => writeQuery(withRefresh(new URLSearchParams(window.location.search), (event.target.value || undefined) as RefreshValue | undefined), 'replace')}
        >
          <option value="">Off</option>
          {REFRESH_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <CopyLinkButton />
    </div>
  )
}
