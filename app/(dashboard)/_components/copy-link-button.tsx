'use client'

import { useEffect, useRef, useState } from 'react'

/** How long "Link copied" stays before the button reads "Copy link" again. */
const COPIED_NOTE_MS = 2_500

type CopyState = 'idle' | 'copied' | 'manual'

/**
 * Copies the page's URL, filters and options included (the view as a link, SPEC §4). Where the
 * browser refuses the clipboard (plain http on another host is no secure context), the link is
 * shown selected for Ctrl+C instead.
 */
export function CopyLinkButton() {
  const [state, setState] = useState<CopyState>('idle')
  const [link, setLink] = useState('')
  const field = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (state !== 'copied') return
    const timer = setTimeout(() => setState('idle'), COPIED_NOTE_MS)
    return () => clearTimeout(timer)
  }, [state])
  useEffect(() => {
    if (state === 'manual') field.current?.select()
  }, [state])

  async function copy() {
    // Without the #fragment a skip link may have left.
    const url = `${window.location.origin}${window.location.pathname}${window.location.search}`
    setLink(url)
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(url)
      setState('copied')
    } catch {
      setState('manual')
    }
  }

  return (
    <span className="copy-link">
      <button type="button" className="button-ghost button-icon-text" onClick={() => void copy()} title="Copy a link to this view, filters included">
        <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
          <path d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 013.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 01-3.5-3.5L5.5 8" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        {state === 'copied' ? 'Link copied' : 'Copy link'}
      </button>
      {state === 'manual' ? (
        <input ref={field} className="input input-mono copy-link-field" readOnly value={link} aria-label="Link to this view: press Ctrl+C (⌘C on a Mac) to copy" onBlur={() => setState('idle')} />
      ) : null}
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Link to this view copied to the clipboard.' : state === 'manual' ? 'The browser did not allow copying: the link is selected, press Ctrl+C.' : ''}
      </span>
    </span>
  )
}
