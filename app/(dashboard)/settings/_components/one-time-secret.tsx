'use client'

import { useEffect, useId, useRef, useState, type ReactNode } from 'react'

export type CopyState = 'idle' | 'copied' | 'manual'

/**
 * Copies `value` with navigator.clipboard. Where the browser refuses (plain http on another host
 * is not a secure context; some browsers ask first), `selectFallback` selects the text on screen
 * for Ctrl+C instead, and the state says so.
 */
export function CopyButton({
  value,
  state,
  onState,
  selectFallback,
  className = 'button-secondary',
  label = 'Copy',
}: {
  value: string
  state: CopyState
  onState: (state: CopyState) => void
  selectFallback: () => void
  className?: string
  label?: string
}) {
  async function onCopy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(value)
      onState('copied')
    } catch {
      selectFallback()
      onState('manual')
    }
  }
  return (
    <button type="button" className={className} onClick={() => void onCopy()}>
      {state === 'copied' ? 'Copied' : label}
    </button>
  )
}

/** What the last copy did, announced to screen readers. */
export function CopyStatus({ state, testId }: { state: CopyState; testId?: string }) {
  return (
    <p className="small" role="status" data-testid={testId}>
      {state === 'copied' ? 'Copied to the clipboard.' : null}
      {state === 'manual' ? 'The browser did not allow copying: the text is selected, press Ctrl+C (⌘C on a Mac).' : null}
    </p>
  )
}

/**
 * A secret shown once (a new API key, a one-time password): a read-only field, a Copy button
 * (navigator.clipboard; where the browser refuses, the text is selected for Ctrl+C instead), a
 * note that it will not be shown again, and Done. Takes focus when it appears so a keyboard or
 * screen-reader user lands on it.
 */
export function OneTimeSecret({
  title,
  label,
  value,
  note,
  testId,
  children,
  onDone,
}: {
  title: string
  label: string
  value: string
  note: ReactNode
  testId?: string
  children?: ReactNode
  onDone: () => void
}) {
  const id = useId()
  const panelRef = useRef<HTMLElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const [copy, setCopy] = useState<CopyState>('idle')

  useEffect(() => {
    panelRef.current?.focus()
  }, [value])

  return (
    <section ref={panelRef} className="secret-panel" aria-labelledby={`${id}-title`} tabIndex={-1} data-testid={testId}>
      <h3 id={`${id}-title`}>{title}</h3>
      <div className="field">
        <label htmlFor={`${id}-value`}>{label}</label>
        <div className="secret-row">
          <input
            ref={inputRef}
            id={`${id}-value`}
            className="input input-mono"
            readOnly
            value={value}
            spellCheck={false}
            autoComplete="off"
            onFocus={(event) => event.currentTarget.select()}
          />
          <CopyButton
            className="button-primary"
            value={value}
            state={copy}
            onState={setCopy}
            selectFallback={() => {
              inputRef.current?.focus()
              inputRef.current?.select()
            }}
          />
        </div>
      </div>
      <CopyStatus state={copy} testId={testId ? `${testId}-copy-status` : undefined} />
      <p className="secret-note">{note}</p>
      {children}
      <div>
        <button type="button" className="button-secondary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  )
}
