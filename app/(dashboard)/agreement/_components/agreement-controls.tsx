'use client'

import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useState, useTransition, type FormEvent } from 'react'
import { UpdatingNote } from '../../_components/filter-bar'
import { readAgreementOptions, updateAgreementOptions, type AgreementApiOptions } from './agreement-options'

/**
 * Reviewer and queue: the reviews the page counts (SPEC §3 filters on reviews), kept in the URL.
 * `reviewerIds` are the reviewers of the view without a reviewer filter, so the list stays whole
 * once one is chosen.
 */
export function AgreementControls({ reviewerIds }: { reviewerIds: readonly string[] }) {
  const router = useRouter()
  const pathname = usePathname()
  const searchParams = useSearchParams()
  const [isPending, startTransition] = useTransition()
  const options = readAgreementOptions(searchParams)

  // The queue is typed: applied on Enter or when the field is left, not on every key.
  const [queueDraft, setQueueDraft] = useState(options.queue ?? '')
  const [queueFor, setQueueFor] = useState(options.queue)
  if (queueFor !== options.queue) {
    setQueueFor(options.queue)
    setQueueDraft(options.queue ?? '')
  }

  function apply(patch: Partial<Record<keyof AgreementApiOptions, string | undefined>>) {
    const query = updateAgreementOptions(new URLSearchParams(searchParams), patch).toString()
    startTransition(() => {
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false })
    })
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
    <form className="page-options" role="group" aria-label="Review filters" aria-busy={isPending} onSubmit={submitQueue}>
      <div className="filter-field">
        <label htmlFor="agreement-reviewer">Reviewer</label>
        <select
          id="agreement-reviewer"
          className="select"
          value={options.reviewer_id ?? ''}
          onChange={(event) => apply({ reviewer_id: event.target.value || undefined })}
          title="Count only this reviewer's reviews"
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
        {isPending ? <UpdatingNote /> : null}
        {options.reviewer_id || options.queue ? (
          <button type="button" className="button-ghost" onClick={() => apply({ reviewer_id: undefined, queue: undefined })}>
            Clear reviewer and queue
          </button>
        ) : null}
      </div>
    </form>
  )
}
