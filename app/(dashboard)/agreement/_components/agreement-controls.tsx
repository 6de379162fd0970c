'use client'

import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'next/navigation'
import { readUrlFilters } from '@/lib/filters'
import { metaFiltersQueryOptions } from '../../_queries'
import { queueOptions, withSelected } from '../../_components/filter-options'
import { nameOptions, OptionSelect } from '../../_components/option-select'
import { useUrlOptions } from '../../_components/url-options'
import { readAgreementOptions, updateAgreementOptions } from './agreement-options'

/**
 * Reviewer and queue (SPEC §3 filters on reviews), kept in the URL. The queue narrows the reviews
 * counted; a reviewer narrows whose figures are shown, the other reviewers of their items still
 * count as evidence (SPEC §3.1). `reviewerIds` are the reviewers of the view without a reviewer
 * filter, so the list stays whole once one is chosen; the queues are those the model's reviews
 * were done in (GET /api/v1/meta/filters, every model's when none is chosen). As in the filter
 * bar, a choice shows at once and one stepped to with the arrow keys applies after the last
 * step, with one history entry (OptionSelect, useUrlOptions).
 */
export function AgreementControls({ reviewerIds }: { reviewerIds: readonly string[] }) {
  const model = readUrlFilters(useSearchParams()).model
  const meta = useQuery(metaFiltersQueryOptions())
  const { options, urlOptions, apply, flush } = useUrlOptions(readAgreementOptions, updateAgreementOptions)

  return (
    <div className="page-options" role="group" aria-label="Review filters">
      <OptionSelect
        id="agreement-reviewer"
        label="Reviewer"
        allLabel="All reviewers"
        value={options.reviewer_id}
        options={nameOptions(reviewerIds, options.reviewer_id)}
        title="Show this reviewer's figures: their pairs with the model, their agreement with the other reviewers of their items, and the between-reviewer figures over their items"
        onChoose={(reviewer_id, how) => apply({ reviewer_id }, how)}
        onFlush={flush}
      />
      <OptionSelect
        id="agreement-queue"
        label="Queue"
        allLabel="All queues"
        value={options.queue}
        // A queue from an old link that the model's reviews do not name stays, marked "(no data)".
        options={withSelected(queueOptions(meta.data?.models ?? [], model), options.queue)}
        disabled={meta.isPending && !options.queue}
        title={`Count only reviews done in this queue (queues of ${model ? `model ${model}` : 'all models'})`}
        onChoose={(queue, how) => apply({ queue }, how)}
        onFlush={flush}
      />
      <div className="filter-actions">
        {urlOptions.reviewer_id || urlOptions.queue ? (
          <button type="button" className="button-ghost" onClick={() => apply({ reviewer_id: undefined, queue: undefined })}>
            Clear reviewer and queue
          </button>
        ) : null}
      </div>
    </div>
  )
}
