'use client'

import { useEffect, useId, useRef, useState, type ReactNode } from 'react'

type CopyState = 'idle' | 'copied' | 'manual'

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

  async function onCopy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(value)
      setCopy('copied')
    } catch {
      // Plain http on another host is not a secure context, and some browsers ask first: select instead.
      inputRef.current?.focus()
      inputRef.current?.select()
      setCopy('manual')
    }
  }

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
          <button type="button" className="button-primary" onClick={() => void onCopy()}>
            {copy === 'copied' ? 'Copied' : 'Copy'}
          </button>
        </div>
      </div>
      <p className="small" role="status">
        {copy === 'copied' ? 'Copied to the clipboard.' : null}
        {copy === 'manual' ? 'The browser did not allow copying: the text is selected, press Ctrl+C (⌘C on a Mac).' : null}
      </p>
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
