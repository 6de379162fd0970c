'use client'

import { nameOptions, OptionSelect } from '../../_components/option-select'
import { useUrlOptions } from '../../_components/url-options'
import { readWorkloadOptions, updateWorkloadOptions } from './workload-options'

/**
 * Reviewer and queue (SPEC §3.3: an item's queue and reviewer are those of its first review),
 * kept in the URL. The choices are the reviewers and queues of the view without these two
 * filters, so the lists stay whole once one is chosen. As in the filter bar, a choice shows at
 * once and one stepped to with the arrow keys applies after the last step, with one history
 * entry (OptionSelect, useUrlOptions).
 */
export function WorkloadControls({ reviewerIds, queues }: { reviewerIds: readonly string[]; queues: readonly string[] }) {
  const { options, urlOptions, apply, flush } = useUrlOptions(readWorkloadOptions, updateWorkloadOptions)

  return (
    <div className="page-options" role="group" aria-label="Workload filters">
      <OptionSelect
        id="workload-reviewer"
        label="Reviewer"
        allLabel="All reviewers"
        value={options.reviewer_id}
        options={nameOptions(reviewerIds, options.reviewer_id)}
        title="The items whose first review this reviewer did, and their row of the reviewer table"
        onChoose={(reviewer_id, how) => apply({ reviewer_id }, how)}
        onFlush={flush}
      />
      <OptionSelect
        id="workload-queue"
        label="Queue"
        allLabel="All queues"
        value={options.queue}
        options={nameOptions(queues, options.queue)}
        title="The items first reviewed in this queue"
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
