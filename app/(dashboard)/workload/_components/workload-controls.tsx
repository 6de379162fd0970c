'use client'

import { useSearchParams } from 'next/navigation'
import { useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react'
import { isStepKey, KEY_STEP_COMMIT_MS, writeQuery, type HistoryMode } from '../../_components/url-state'
import { readWorkloadOptions, updateWorkloadOptions, type WorkloadApiOptions } from './workload-options'

type Patch = Partial<Record<keyof WorkloadApiOptions, string | undefined>>

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

/**
 * A picker for one of the page's filters. As in the filter bar, a choice stepped to with the
 * arrow keys applies after the last step (or on Enter, or on leaving the picker), with one
 * history entry: one request for the choice, not one per reviewer passed.
 */
function OptionSelect({
  id,
  label,
  allLabel,
  value,
  options,
  title,
  onChoose,
}: {
  id: string
  label: string
  allLabel: string
  value: string | undefined
  options: readonly string[]
  title: string
  onChoose: (value: string | undefined, mode: HistoryMode) => void
}) {
  const lastKey = useRef<{ key: string; at: number } | null>(null)
  const stepping = useRef(false)
  const pending = useRef<(() => void) | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  // The choice stepped to, shown until the URL holds it: the select is bound to the URL, which
  // changes only once the steps end (a controlled select would spring back after each step).
  const [draft, setDraft] = useState<string | null>(null)
  const current = value ?? ''
  if (draft !== null && draft === current) setDraft(null)

  const flush = () => {
    clearTimeout(timer.current)
    const write = pending.current
    pending.current = null
    write?.()
  }

  function onChange(event: ChangeEvent<HTMLSelectElement>) {
    const key = lastKey.current
    const byStep = key !== null && isStepKey(key.key) && event.timeStamp - key.at < 100
    const mode: HistoryMode = byStep && stepping.current ? 'replace' : 'push'
    stepping.current = byStep
    const chosen = event.target.value || undefined
    setDraft(event.target.value)
    clearTimeout(timer.current)
    pending.current = () => onChoose(chosen, mode)
    if (byStep) timer.current = setTimeout(flush, KEY_STEP_COMMIT_MS)
    else flush()
  }

  function onKeyDown(event: KeyboardEvent<HTMLSelectElement>) {
    lastKey.current = { key: event.key, at: event.timeStamp }
    if (event.key === 'Enter') flush()
  }

  // The URL's value stays listed even when the view's answer no longer names it.
  const listed = value && !options.includes(value) ? [...options, value].sort(byName) : options
  return (
    <div className="filter-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="select"
        value={draft ?? current}
        title={title}
        onChange={onChange}
        onKeyDown={onKeyDown}
        onFocus={() => (stepping.current = false)}
        onBlur={() => {
          stepping.current = false
          flush()
        }}
      >
        <option value="">{allLabel}</option>
        {listed.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  )
}

/**
 * Reviewer and queue (SPEC §3.3: an item's queue and reviewer are those of its first review),
 * kept in the URL. The choices are the reviewers and queues of the view without these two
 * filters, so the lists stay whole once one is chosen.
 */
export function WorkloadControls({ reviewerIds, queues }: { reviewerIds: readonly string[]; queues: readonly string[] }) {
  const searchParams = useSearchParams()
  const options = readWorkloadOptions(searchParams)

  // Written with the history API (url-state.ts): the picker shows the choice at once, and the
  // page's previous figures stay dimmed until the new ones arrive (MetricView).
  function apply(patch: Patch, mode: HistoryMode = 'push') {
    writeQuery(updateWorkloadOptions(new URLSearchParams(window.location.search), patch), mode)
  }

  return (
    <div className="page-options" role="group" aria-label="Workload filters">
      <OptionSelect
        id="workload-reviewer"
        label="Reviewer"
        allLabel="All reviewers"
        value={options.reviewer_id}
        options={[...new Set(reviewerIds)].sort(byName)}
        title="The items whose first review this reviewer did, and their row of the reviewer table"
        onChoose={(reviewer_id, mode) => apply({ reviewer_id }, mode)}
      />
      <OptionSelect
        id="workload-queue"
        label="Queue"
        allLabel="All queues"
        value={options.queue}
        options={[...new Set(queues.filter((q) => q !== ''))].sort(byName)}
        title="The items first reviewed in this queue"
        onChoose={(queue, mode) => apply({ queue }, mode)}
      />
      <div className="filter-actions">
        {options.reviewer_id || options.queue ? (
          <button type="button" className="button-ghost" onClick={() => apply({ reviewer_id: undefined, queue: undefined })}>
            Clear reviewer and queue
          </button>
        ) : null}
      </div>
    </div>
  )
}
