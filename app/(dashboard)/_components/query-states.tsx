import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ApiError } from '@/lib/api-client'
import { withReadmeLinks } from './readme-hint'

/** The texts of a metric page's states, from its title ("Overview" → "Loading the overview"). */
export function metricPageLabels(title: string): { loading: string; error: string } {
  const noun = title.toLowerCase()
  return { loading: `Loading the ${noun}`, error: `The ${noun} could not be loaded` }
}

/** A page's title, the scope of what it shows (a blank line until known), and its status on the right (when the figures were fetched…). */
export function PageHeader({
  title,
  scopeTestId,
  scope = null,
  status = null,
}: {
  title: string
  scopeTestId?: string
  scope?: string | null
  status?: ReactNode
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        <p className="muted" data-testid={scopeTestId}>
          {scope ?? '\u00a0'}
        </p>
      </div>
      {status ? <div className="page-header-status">{status}</div> : null}
    </header>
  )
}

/**
 * The body of a page for one query: skeletons while the first load runs, the error with a retry,
 * the empty state, or the content. While the previous view stays on screen as placeholder, it is
 * dimmed and busy (the figures are not this view's yet); MetricView adds the UpdatingToast.
 */
export function QueryContent<T>({
  query,
  loadingLabel,
  skeleton,
  errorTitle,
  isEmpty,
  empty,
  emptyTitle,
  emptyAction,
  children,
}: {
  query: UseQueryResult<T>
  loadingLabel: string
  skeleton: ReactNode
  errorTitle: string
  isEmpty: (data: T) => boolean
  /** The text of the empty state, its title ("No data") and a button that shows data. */
  empty: ReactNode
  emptyTitle?: string
  emptyAction?: ReactNode
  children: (data: T) => ReactNode
}) {
  if (query.isPending) return <LoadingState label={loadingLabel}>{skeleton}</LoadingState>
  if (query.isError) {
    return <ErrorState title={errorTitle} error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
  }
  const stale = query.isPlaceholderData
  return (
    <div className={stale ? 'query-content stale' : 'query-content'} aria-busy={stale} data-stale={stale}>
      {isEmpty(query.data) ? (
        <EmptyState title={emptyTitle} action={emptyAction}>
          {empty}
        </EmptyState>
      ) : (
        children(query.data)
      )}
    </div>
  )
}

/** A page's skeletons while its first load runs. */
export function LoadingState({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div aria-busy="true" aria-label={label}>
      {children}
    </div>
  )
}

/** A page's "nothing in this view" card. A hint naming the README links to what it says about getting data in (readme-hint.tsx). */
export function EmptyState({ title = 'No data', children, action }: { title?: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section className="card empty-state" role="status">
      <h2>{title}</h2>
      <p>{withReadmeLinks(children)}</p>
      {action}
    </section>
  )
}

/** A page's load failure: the server's own message, its status and code, and a retry. */
export function ErrorState({ title, error, onRetry, retrying }: { title: string; error: Error; onRetry: () => void; retrying: boolean }) {
  const apiError = error instanceof ApiError ? error : null
  return (
    <section className="card error-state" role="alert">
      <h2>{title}</h2>
      <p className="error-text">{error.message}</p>
      {apiError ? (
        <p className="muted small">
          {apiError.status ? `HTTP ${apiError.status} · ` : ''}
          {apiError.code}
        </p>
      ) : null}
      <button type="button" className="button-secondary" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </section>
  )
}
