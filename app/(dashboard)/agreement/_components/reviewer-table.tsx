'use client'

import Link from 'next/link'
import { useState } from 'react'
import { TableCard } from '../../_components/chart-card'
import { formatDuration } from '../../_components/chart-math'
import { formatPercent } from '@/lib/format'
import type { ReviewerAgreement } from '@/analytics/agreement/agreement.schema'
import {
  LOW_GOLD_ERROR_RATIO,
  LOW_GOLD_MIN_GAP,
  MIN_REVIEWS_FOR_FLAGS,
  nextSort,
  prepareReviewerRows,
  RUBBER_STAMP_MAX_HANDLE_RATIO,
  RUBBER_STAMP_MIN_AGREEMENT,
  sortReviewerRows,
  teamBaseline,
  type ReviewerRow,
  type ReviewerSortKey,
  type SortDirection,
} from './prepare'

const COLUMNS = [
  { key: 'reviews', label: 'Reviews', title: 'Counted reviews in the view (a reviewer’s latest review of an item).' },
  { key: 'agreement_with_model', label: 'Agreement with model', title: 'Share of their reviews whose label equals the model’s predicted label.' },
  {
    key: 'agreement_with_majority',
    label: 'With majority',
    title: 'Share of their reviews matching the label held by more than half of the other reviewers of the same item (with a single other reviewer, that reviewer’s label), over items where such a label exists.',
  },
  { key: 'gold_accuracy', label: 'Gold accuracy', title: 'Share of their reviews of items with a gold outcome whose label equals the gold label.' },
  { key: 'median_handle_ms', label: 'Median handle', title: 'Median handle time of their reviews (duration_ms, or completion − start).' },
] as const satisfies readonly { key: ReviewerSortKey; label: string; title: string }[]

const CELL: Record<(typeof COLUMNS)[number]['key'], keyof ReviewerRow> = {
  reviews: 'reviews',
  agreement_with_model: 'agreementWithModel',
  agreement_with_majority: 'agreementWithMajority',
  gold_accuracy: 'goldAccuracy',
  median_handle_ms: 'medianHandle',
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const

function SortHeader({
  label,
  title,
  sortKey,
  sort,
  onSort,
  numeric,
}: {
  label: string
  title: string
  sortKey: ReviewerSortKey
  sort: { key: ReviewerSortKey; direction: SortDirection }
  onSort: (key: ReviewerSortKey) => void
  numeric: boolean
}) {
  const active = sort.key === sortKey
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? ARIA_SORT[sort.direction] : 'none'} title={title}>
      <button type="button" className={active ? 'sort-button active' : 'sort-button'} onClick={() => onSort(sortKey)}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  )
}

/**
 * Per-reviewer figures, sortable by any column, with reviewers whose figures stand out from the
 * team's flagged for a closer look (rules in prepare.ts). A name narrows the page to that reviewer.
 */
export function ReviewerTable({
  reviewers,
  teamReviewers,
  hrefForReviewer,
}: {
  reviewers: readonly ReviewerAgreement[]
  /** The whole team when the view is narrowed to one reviewer: the baseline to compare with. */
  teamReviewers?: readonly ReviewerAgreement[]
  hrefForReviewer: (reviewerId: string) => string
}) {
  const [sort, setSort] = useState<{ key: ReviewerSortKey; direction: SortDirection }>({ key: 'reviews', direction: 'desc' })
  const { rows, team } = prepareReviewerRows(reviewers, teamBaseline(teamReviewers ?? reviewers))
  const sorted = sortReviewerRows(rows, sort.key, sort.direction)
  const flagged = rows.filter((r) => r.flags.length > 0).length
  const onSort = (key: ReviewerSortKey) => setSort((current) => nextSort(current, key))

  return (
    <TableCard
      title="Reviewers"
      titleId="reviewer-table-title"
      subtitle={
        <>
          {teamReviewers ? 'Team median (every reviewer in view)' : 'Team median'}: agreement with model {formatPercent(team.agreementWithModel)}, gold accuracy {formatPercent(team.goldAccuracy)}, handle time{' '}
          {formatDuration(team.medianHandleMs)}. {flagged > 0 ? `${flagged} flagged for a closer look. ` : ''}
          <span
            className="help-text"
            title={`Possible rubber-stamping: agreement with the model ≥ ${formatPercent(RUBBER_STAMP_MIN_AGREEMENT, 0)} and median handle time under ${RUBBER_STAMP_MAX_HANDLE_RATIO}× the team median. Low gold accuracy: error rate on gold items ≥ ${LOW_GOLD_ERROR_RATIO}× the team median's and at least ${Math.round(LOW_GOLD_MIN_GAP * 100)} points below the team median accuracy. Only reviewers with ${MIN_REVIEWS_FOR_FLAGS}+ reviews are flagged.`}
          >
            How are reviewers flagged?
          </span>
        </>
      }
      tableLabel="Agreement per reviewer"
      tableTestId="reviewer-table"
    >
      <thead>
        <tr>
          <SortHeader label="Reviewer" title="Reviewer id" sortKey="reviewer_id" sort={sort} onSort={onSort} numeric={false} />
          {COLUMNS.map((c) => (
            <SortHeader key={c.key} label={c.label} title={c.title} sortKey={c.key} sort={sort} onSort={onSort} numeric />
          ))}
          <th scope="col">Flags</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={row.reviewer.reviewer_id} className={row.flags.length > 0 ? 'row-flagged' : undefined} data-reviewer={row.reviewer.reviewer_id}>
            <th scope="row">
              <Link href={hrefForReviewer(row.reviewer.reviewer_id)} scroll={false} title="Show only this reviewer's reviews">
                {row.reviewer.reviewer_id}
              </Link>
            </th>
            {COLUMNS.map((c) => (
              <td key={c.key} className="num">
                {row[CELL[c.key]] as string}
              </td>
            ))}
            <td className="flags-cell">
              {row.flags.map((flag) => (
                <span key={flag.kind} className={`badge badge-flag badge-${flag.kind}`} title={flag.explanation}>
                  {flag.label}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </TableCard>
  )
}
