'use client'

import { useRef, useState, type KeyboardEvent } from 'react'
import { dayCommit, DAY_FORMAT_HINT, type DayCommitContext } from './date-input'

/**
 * One end of the day range: a text field (one Tab stop) that applies a day once it is typed in
 * full, or on Enter or leaving the field (date-input.ts), and never moves the other end. Escape
 * puts back the applied day. A calendar button beside it opens the browser's date picker for the
 * mouse and touch; the keyboard types.
 */
export function DateField(props: {
  id: string
  label: string
  labelTitle?: string
  /** The day applied (the URL's, or the default range's). */
  value: string | undefined
  /** The other end as shown, which this field never moves. */
  other: string | undefined
  end: DayCommitContext['end']
  maxDays: number
  /** Marks the field as showing the API's default range. */
  defaultTitle: string | undefined
  /** Ids of text describing the field (the time zone note). */
  describedBy?: string
  onApply: (day: string | undefined) => void
  /** Why the typed text does not apply, or null: shown by the filter bar, linked to the field. */
  onError: (message: string | null) => void
  error: string | null
  errorId: string
}) {
  const { value, onApply, onError } = props
  const [text, setText] = useState(value ?? '')
  const [textFor, setTextFor] = useState(value)
  if (textFor !== value) {
    // The applied day changed (this field, a preset, the back button): show it.
    setTextFor(value)
    setText(value ?? '')
  }
  const picker = useRef<HTMLInputElement>(null)
  const selectOnMouseUp = useRef(false)

  const context: DayCommitContext = { end: props.end, current: value, other: props.other, maxDays: props.maxDays }

  function commit(next: string, final: boolean) {
    const result = dayCommit(next, context, final)
    if (result.action === 'apply') {
      onError(null)
      onApply(result.day)
      // The URL's day comes back through `value`; a cleared end shows the default range's.
      if (result.day !== undefined) setText(result.day)
    } else if (result.action === 'reject') {
      onError(result.message)
    } else {
      onError(null)
      // Nothing to apply on Enter or leaving: show the applied day as the URL spells it.
      if (final && next.trim() !== '') setText(value ?? '')
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault()
      commit(text, true)
    } else if (event.key === 'Escape' && (text !== (value ?? '') || props.error)) {
      // Only a change to undo keeps Escape from the filter bar (which closes the phone panel).
      event.stopPropagation()
      setText(value ?? '')
      onError(null)
    }
  }

  const invalid = props.error !== null
  const describedBy = [props.describedBy, invalid ? props.errorId : `${props.id}-format`].filter(Boolean).join(' ')
  return (
    <div className="filter-field">
      <label htmlFor={props.id} title={props.labelTitle}>
        {props.label}
      </label>
      <div className="date-input">
        <input
          id={props.id}
          className={['input', props.defaultTitle && !invalid ? 'input-default' : '', invalid ? 'input-invalid' : ''].filter(Boolean).join(' ')}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder="YYYY-MM-DD"
          maxLength={24}
          title={props.defaultTitle}
          value={text}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onFocus={(event) => {
            // Typing replaces the day, as in a date picker: select it, and keep it selected past the click's mouseup.
            event.currentTarget.select()
            selectOnMouseUp.current = true
          }}
          onMouseUp={(event) => {
            if (selectOnMouseUp.current) event.preventDefault()
            selectOnMouseUp.current = false
          }}
          onChange={(event) => {
            setText(event.target.value)
            commit(event.target.value, false)
          }}
          onBlur={() => commit(text, true)}
          onKeyDown={onKeyDown}
        />
        <button
          type="button"
          className="date-picker-button"
          tabIndex={-1}
          aria-label={`Choose the ${props.label} day on a calendar`}
          title="Choose on a calendar"
          onClick={() => {
            try {
              picker.current?.showPicker()
            } catch {
              // No picker in this browser: the field takes a typed day.
              document.getElementById(props.id)?.focus()
            }
          }}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <rect x="2" y="3" width="12" height="11" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path d="M2 6.5h12M5 1.5v3M11 1.5v3" stroke="currentColor" strokeWidth="1.5" />
          </svg>
        </button>
        {/* The browser's calendar, opened by the button (showPicker); a pick is a whole day. */}
        <input
          ref={picker}
          id={`${props.id}-picker`}
          className="date-picker-native"
          type="date"
          tabIndex={-1}
          aria-hidden="true"
          value={value ?? ''}
          min={props.end === 'to' ? props.other : undefined}
          max={props.end === 'from' ? props.other : undefined}
          onChange={(event) => {
            if (!event.target.value) return
            setText(event.target.value)
            commit(event.target.value, true)
          }}
        />
      </div>
      <span id={`${props.id}-format`} className="visually-hidden">
        {DAY_FORMAT_HINT}; applies once typed in full, or on Enter.
      </span>
    </div>
  )
}
