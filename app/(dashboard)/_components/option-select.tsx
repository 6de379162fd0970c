'use client'

import { useRef, type ChangeEvent, type KeyboardEvent } from 'react'
import type { FilterOption } from './filter-options'
import { isStepKey, KEY_STEP_COMMIT_MS, type HistoryMode, type WriteHow } from './url-state'

/** Two events this close are one: the change a key's step fired. */
const STEP_EVENT_MS = 100

/**
 * A picker for one filter or option, as the filter bar and the pages' own controls use it. A
 * choice stepped to with the keyboard (arrow keys or type-ahead on a closed select) asks to be
 * written after the last step (`delayMs`: KEY_STEP_COMMIT_MS), or at once on Enter or leaving the
 * picker (`onFlush`); the steps after the first replace its history entry instead of adding one
 * each. A pick with the mouse is written at once, as its own entry. `value` is what the control
 * shows (its choice, before the URL catches up: url-options.ts).
 */
export function OptionSelect(props: {
  id: string
  label: string
  allLabel: string
  value: string | undefined
  options: readonly FilterOption[]
  disabled?: boolean
  title?: string
  onChoose: (value: string | undefined, how: WriteHow) => void
  onFlush: () => void
}) {
  const lastKey = useRef<{ key: string; at: number } | null>(null)
  const stepping = useRef(false)

  function onKeyDown(event: KeyboardEvent<HTMLSelectElement>) {
    lastKey.current = { key: event.key, at: event.timeStamp }
    if (event.key === 'Enter') props.onFlush()
  }

  function onChange(event: ChangeEvent<HTMLSelectElement>) {
    const key = lastKey.current
    const byStep = key !== null && isStepKey(key.key) && event.timeStamp - key.at < STEP_EVENT_MS
    const mode: HistoryMode = byStep && stepping.current ? 'replace' : 'push'
    stepping.current = byStep
    props.onChoose(event.target.value || undefined, { mode, delayMs: byStep ? KEY_STEP_COMMIT_MS : 0 })
  }

  return (
    <div className="filter-field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        className="select"
        value={props.value ?? ''}
        disabled={props.disabled}
        title={props.title}
        onKeyDown={onKeyDown}
        onChange={onChange}
        onFocus={() => (stepping.current = false)}
        onBlur={() => {
          stepping.current = false
          props.onFlush()
        }}
      >
        <option value="">{props.allLabel}</option>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

/**
 * Names as options, sorted as people count ("kyc-2" before "kyc-10"), blanks left out (they cannot
 * be told from "all" in a URL); the chosen one stays listed even when the view no longer names it.
 */
export function nameOptions(names: Iterable<string>, chosen: string | undefined): FilterOption[] {
  const listed = new Set([...names].filter((name) => name.trim() !== ''))
  if (chosen) listed.add(chosen)
  return [...listed].sort(byName).map((value) => ({ value, label: value }))
}
