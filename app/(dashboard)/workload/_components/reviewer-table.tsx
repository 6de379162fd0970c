'use client'

import Link from 'next/link'
import { useSearchParams } from 'next/navigation'
import { formatCount, formatPercent } from '@/lib/format'
import type { WorkloadResponse } from '@/analytics/workload/workload.schema'
import { TableCard } from '../../_components/chart-card'
import { formatDuration } from '../../_components/chart-math'
import { writeQuery } from '../../_components/url-state'
import { Explain, TipBlock } from '../../_components/explain'
import { formatRate } from './prepare'
import { prepareReviewerRows, type ReviewerRow, reviewerSummary, sortReviewerRows } from './prepare-team'
import { onQueryLinkClick } from './query-link'
import { reviewersCsv } from './workload-csv'
import { nextSort, readReviewerSort, updateReviewerSort, type ReviewerSort, type ReviewerSortKey } from './workload-options'
import styles from './workload.module.css'

const COLUMNS = [
  { key: 'reviews', label: 'Reviews', title: 'Counted reviews in the view (a reviewer’s latest review of an item), by completion time.' },
  {
    key: 'reviews_per_active_hour',
    label: 'Per active hour',
    title: 'Reviews ÷ active hours: the pace while at work. An active hour is a UTC clock hour in which they completed at least one review.',
  },
  { key: 'active_hours', label: 'Active hours', title: 'UTC clock hours with at least one completed review.' },
  { key: 'handle_p50', label: 'Handle p50', title: 'Median duration of their reviews.' },
  { key: 'handle_p90', label: 'Handle p90', title: 'Nine in ten of their reviews took less than this.' },
  {
    key: 'shift_share',
    label: 'Share of shift',
    title: 'Their handle time over the length of their shifts (a shift: a run of clock hours with completed reviews, ended by 4 hours without one, from the start of its first hour to the end of its last). Near 100 % means no slack between items.',
  },
] as const satisfies readonly { key: ReviewerSortKey; label: string; title: string }[]

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const

function SortHeader({ label, title, sortKey, sort, onSort, numeric }: { label: string; title: string; sortKey: ReviewerSortKey; sort: ReviewerSort; onSort: (key: ReviewerSortKey) => void; numeric: boolean }) {
  const active = sort.key === sortKey
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? ARIA_SORT[sort.direction] : 'none'} title={title} data-sort-key={sortKey}>
      <button type="button" className={active ? 'sort-button active' : 'sort-button'} onClick={() => onSort(sortKey)}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  )
}

/** A figure with a bar behind it, its length the figure's share of the column's largest. */
function BarCell({ text, share, testId }: { text: string; share: number; testId?: string }) {
  return (
    <td className="num" data-cell={testId}>
      <span className={styles.barCell}>
        <span className={styles.barTrack} aria-hidden="true">
          <span className={styles.barFill} style={{ width: `${Math.round(Math.min(1, Math.max(0, share)) * 100)}%` }} />
        </span>
        {text}
      </span>
    </td>
  )
}

function cells(row: ReviewerRow, mostShift: number) {
  const r = row.reviewer
  return (
    <>
      <BarCell text={formatCount(r.reviews)} share={row.reviewsShare} testId="reviews" />
      <td className="num">{formatRate(r.reviews_per_active_hour)}</td>
      <td className="num">{formatCount(r.active_hours)}</td>
      <td className="num">{formatDuration(r.handle_ms.p50)}</td>
      <td className="num">{formatDuration(r.handle_ms.p90)}</td>
      <BarCell text={formatPercent(r.shift_share)} share={mostShift > 0 && r.shift_share !== null ? r.shift_share / mostShift : 0} testId="shift_share" />
    </>
  )
}

/**
 * Each reviewer's load: reviews, pace, handle times and how much of their shift they spent
 * handling, sortable by any column (the sort is kept in the URL). A name narrows the page to the
 * items that reviewer first reviewed. On a phone the table scrolls sideways with the names in
 * place (TableCard).
 */
export function ReviewerTable({ data, hrefForReviewer }: { data: WorkloadResponse; hrefForReviewer: (reviewerId: string) => string }) {
  const searchParams = useSearchParams()
  const sort = readReviewerSort(searchParams)
  const rows = sortReviewerRows(prepareReviewerRows(data.reviewers), sort.key, sort.direction)
  const mostShift = Math.max(0, ...data.reviewers.map((r) => r.shift_share ?? 0))
  // A sort is a way of looking, not a place: it replaces the history entry instead of adding one.
  const onSort = (key: ReviewerSortKey) => writeQuery(updateReviewerSort(new URLSearchParams(searchParams), nextSort(sort, key)), 'replace')

  return (
    <TableCard
      title="Reviewers"
      titleId="reviewer-table-title"
      subtitle={
        <>
          <span data-testid="reviewer-summary">{reviewerSummary(data.reviewers)}</span> Select a column to sort, a name to see only the items they first reviewed.{' '}
          <Explain openOnHover about="Reviewers table">
            {COLUMNS.map((c) => (
              <TipBlock key={c.key} term={c.label}>
                {c.title}
              </TipBlock>
            ))}
            <TipBlock>The bars compare each reviewer with the largest figure of the column.</TipBlock>
          </Explain>
        </>
      }
      tableLabel="Workload per reviewer"
      tableTestId="reviewer-table"
      csv={reviewersCsv(data, rows)}
    >
      <thead>
        <tr>
          <SortHeader label="Reviewer" title="Reviewer id" sortKey="reviewer_id" sort={sort} onSort={onSort} numeric={false} />
          {COLUMNS.map((c) => (
            <SortHeader key={c.key} label={c.label} title={c.title} sortKey={c.key} sort={sort} onSort={onSort} numeric />
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.reviewer.reviewer_id} data-reviewer={row.reviewer.reviewer_id}>
            <th scope="row">
              <Link href={hrefForReviewer(row.reviewer.reviewer_id)} scroll={false} onClick={onQueryLinkClick} title="Show the items this reviewer first reviewed">
                {row.reviewer.reviewer_id}
              </Link>
            </th>
            {cells(row, mostShift)}
          </tr>
        ))}
      </tbody>
    </TableCard>
  )
}
