'use client'

import { useSearchParams } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { writeQuery } from '../../_components/url-state'
import { readAgreementOptions, updateAgreementOptions, type AgreementApiOptions } from './agreement-options'

/**
 * Reviewer and queue (SPEC §3 filters on reviews), kept in the URL. The queue narrows the reviews
 * counted; a reviewer narrows whose figures are shown, the other reviewers of their items still
 * count as evidence (SPEC §3.1). `reviewerIds` are the reviewers of the view without a reviewer
 * filter, so the list stays whole once one is chosen.
 */
export function AgreementControls({ reviewerIds }: { reviewerIds: readonly string[] }) {
  const searchParams = useSearchParams()
  const options = readAgreementOptions(searchParams)

  // The queue is typed: applied on Enter or when the field is left, not on every key.
  const [queueDraft, setQueueDraft] = useState(options.queue ?? '')
  const [queueFor, setQueueFor] = useState(options.queue)
  if (queueFor !== options.queue) {
    setQueueFor(options.queue)
    setQueueDraft(options.queue ?? '')
  }

  // Written with the history API (url-state.ts): the picker shows the choice at once, and the
  // page's previous figures stay dimmed until the new ones arrive (MetricView).
  function apply(patch: Partial<Record<keyof AgreementApiOptions, string | undefined>>) {
    writeQuery(updateAgreementOptions(new URLSearchParams(searchParams), patch), 'push')
  }

  function submitQueue(event?: FormEvent) {
    event?.preventDefault()
    const queue = queueDraft.trim() || undefined
    if (queue !== options.queue) apply({ queue })
  }

  const reviewers = [...new Set([...reviewerIds, ...(options.reviewer_id ? [options.reviewer_id] : [])])].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  )

  return (
    <form className="page-options" role="group" aria-label="Review filters" onSubmit={submitQueue}>
      <div className="filter-field">
        <label htmlFor="agreement-reviewer">Reviewer</label>
        <select
          id="agreement-reviewer"
          className="select"
          value={options.reviewer_id ?? ''}
          onChange={(event) => apply({ reviewer_id: event.target.value || undefined })}
          title="Show this reviewer's figures: their pairs with the model, their agreement with the other reviewers of their items, and the between-reviewer figures over their items"
        >
          <option value="">All reviewers</option>
          {reviewers.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-field">
        <label htmlFor="agreement-queue">Queue</label>
        <input
          id="agreement-queue"
          className="input"
          type="search"
          placeholder="All queues"
          value={queueDraft}
          maxLength={128}
          title="Count only reviews done in this queue (exact name); press Enter to apply"
          onChange={(event) => setQueueDraft(event.target.value)}
          onBlur={() => submitQueue()}
        />
      </div>
      <div className="filter-actions">
        {options.reviewer_id || options.queue ? (
          <button type="button" className="button-ghost" onClick={() => apply({ reviewer_id: undefined, queue: undefined })}>
            Clear reviewer and queue
          </button>
        ) : null}
      </div>
    </form>
  )
}
