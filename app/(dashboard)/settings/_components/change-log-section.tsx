'use client'

import { useInfiniteQuery } from '@tanstack/react-query'
import { ErrorState } from '../../_components/query-states'
import { changeLogQueryOptions } from '../_queries'
import { describeChange, formatTimestamp } from './prepare'

/** The change log, newest first, read only (every role may read it, SPEC §6). */
export function ChangeLogSection() {
  const log = useInfiniteQuery(changeLogQueryOptions())
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? []

  return (
    <section className="card settings-card" aria-labelledby="changes-title" data-testid="change-log-section">
      <header className="chart-header">
        <h2 id="changes-title">Recent changes</h2>
        <p className="muted small">Who changed users, keys and capacity, and when: from the append-only change log (also GET /api/v1/audit/log).</p>
      </header>
      {log.isPending ? (
        <div className="skeleton" style={{ height: 120 }} aria-busy="true" aria-label="Loading the change log" />
      ) : log.isError ? (
        <ErrorState title="The change log could not be loaded" error={log.error} onRetry={() => void log.refetch()} retrying={log.isFetching} />
      ) : entries.length === 0 ? (
        <p className="muted">No changes recorded yet.</p>
      ) : (
        <>
          <div className="table-scroll settings-table">
            <table className="table" aria-label="Recent changes" data-testid="change-log-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.seq}>
                    <td title={`#${entry.seq} · ${entry.at}`}>{formatTimestamp(entry.at)}</td>
                    <td>{entry.actor}</td>
                    <td className="wrap-cell" title={`${entry.action} ${entry.subject}`}>
                      {describeChange(entry)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {log.hasNextPage ? (
            <div>
              <button type="button" className="button-secondary button-small" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
                {log.isFetchingNextPage ? 'Loading…' : 'Show older changes'}
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  )
}
