'use client'

import Link from 'next/link'
import { useSearchParams } from 'next/navigation'
import type { MouseEvent } from 'react'
import { TableCard } from '../../_components/chart-card'
import { formatDuration } from '../../_components/chart-math'
import { writeQuery } from '../../_components/url-state'
import { formatPercent } from '@/lib/format'
import type { AgreementResponse, ReviewerAgreement } from '@/analytics/agreement/agreement.schema'
import { readReviewerSort, updateReviewerSort } from './agreement-options'
import { reviewersCsv } from './agreement-csv'
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
  type ReviewerFlag,
  type ReviewerRow,
  type ReviewerSortKey,
  type SortDirection,
} from './prepare'
import { Explain, TipBlock } from '../../_components/explain'
import styles from './agreement.module.css'

const COLUMNS = [
  { key: 'reviews', label: 'Reviews', title: 'Counted reviews in the view (a reviewer’s latest review of an item).' },
  { key: 'agreement_with_model', label: 'Agreement with model', title: 'Share of their reviews whose label equals the model’s predicted label.' },
  {
    key: 'agreement_with_majority',
    label: 'With majority',
    title: 'Share of their reviews matching the label held by more than half of the other reviewers of the same item (with a single other reviewer, that reviewer’s label), over items where such a label exists. With a reviewer chosen, still against the other reviewers of their items.',
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

/** The rules behind the flags and what each column counts, behind "How are reviewers flagged?". */
function FlagRules() {
  return (
    <>
      <TipBlock term="Possible rubber-stamping">
        agreement with the model ≥ {formatPercent(RUBBER_STAMP_MIN_AGREEMENT, 0)} and a median handle time under {RUBBER_STAMP_MAX_HANDLE_RATIO}× the team median.
      </TipBlock>
      <TipBlock term="Low gold accuracy">
        an error rate on gold items ≥ {LOW_GOLD_ERROR_RATIO}× the team median&apos;s and at least {Math.round(LOW_GOLD_MIN_GAP * 100)} points below the team median
        accuracy.
      </TipBlock>
      <TipBlock>
        Only reviewers with {MIN_REVIEWS_FOR_FLAGS}+ reviews are flagged, and the team median is over them. A flag asks for a closer look, not a verdict: press it
        for the reviewer&apos;s own figures.
      </TipBlock>
      {COLUMNS.map((c) => (
        <TipBlock key={c.key} term={c.label}>
          {c.title}
        </TipBlock>
      ))}
    </>
  )
}

/** A flag's name as a button; its reason (the rule and this reviewer's figures) opens on click, tap or keyboard. */
function FlagBadge({ flag }: { flag: ReviewerFlag }) {
  return (
    <Explain
      label={
        <>
          {flag.label}
          <span className={`info-dot ${styles.flagMark}`} aria-hidden="true">
            i
          </span>
        </>
      }
      buttonClassName={`badge badge-flag badge-${flag.kind} ${styles.flagButton}`}
      testId={`flag-${flag.kind}`}
    >
      <TipBlock term={flag.label}>{flag.explanation}</TipBlock>
    </Explain>
  )
}

/**
 * Per-reviewer figures, sortable by any column (the sort is kept in the URL), with reviewers whose
 * figures stand out from the team's flagged for a closer look (rules in prepare.ts). A name
 * narrows the page to that reviewer. On a narrow screen the table scrolls sideways with the
 * names in place (TableCard).
 */
export function ReviewerTable({
  data,
  teamReviewers,
  hrefForReviewer,
}: {
  data: AgreementResponse
  /** The whole team when the view is narrowed to one reviewer: the baseline to compare with. */
  teamReviewers?: readonly ReviewerAgreement[]
  hrefForReviewer: (reviewerId: string) => string
}) {
  const searchParams = useSearchParams()
  const sort = readReviewerSort(searchParams)
  const { rows, team } = prepareReviewerRows(data.reviewers, teamBaseline(teamReviewers ?? data.reviewers))
  const sorted = sortReviewerRows(rows, sort.key, sort.direction)
  const flagged = rows.filter((r) => r.flags.length > 0).length
  // A sort is a way of looking, not a place: it replaces the history entry instead of adding one.
  const onSort = (key: ReviewerSortKey) => writeQuery(updateReviewerSort(new URLSearchParams(searchParams), nextSort(sort, key)), 'replace')
  // A name is a link (a new tab, a copied address); a plain click writes the URL at once, as the pickers do.
  const onReviewerClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    writeQuery(new URLSearchParams(new URL(event.currentTarget.href).search), 'push')
  }

  return (
    <TableCard
      title="Reviewers"
      titleId="reviewer-table-title"
      subtitle={
        <>
          {teamReviewers ? 'Team median (every reviewer in view)' : 'Team median'}: agreement with model {formatPercent(team.agreementWithModel)}, gold accuracy {formatPercent(team.goldAccuracy)}, handle time{' '}
          {formatDuration(team.medianHandleMs)}. {flagged > 0 ? `${flagged} flagged for a closer look. ` : ''}
          <Explain label="How are reviewers flagged?" mark={false} testId="flag-rules">
            <FlagRules />
          </Explain>
        </>
      }
      tableLabel="Agreement per reviewer"
      tableTestId="reviewer-table"
      csv={reviewersCsv(data, sorted)}
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
              <Link href={hrefForReviewer(row.reviewer.reviewer_id)} scroll={false} onClick={onReviewerClick} title="Show this reviewer's figures">
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
                <FlagBadge key={flag.kind} flag={flag} />
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </TableCard>
  )
}
