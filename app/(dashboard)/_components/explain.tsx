'use client'

import { useId, useRef, type MouseEvent, type PointerEvent, type ReactNode } from 'react'
import styles from './explain.module.css'

/** A tip opened by the mouse closes this long after the pointer leaves both it and its button. */
const HOVER_CLOSE_MS = 250

/**
 * A figure's explanation behind a small button (a toggletip): a click, a tap or Enter/Space
 * opens it, Escape, a second press, a click elsewhere or its close button shuts it, and the focus
 * stays on the button. A native popover (`popover="auto"`): in the top layer, never clipped by a
 * card or a table that scrolls sideways, one open at a time, the button's expanded state wired by
 * the browser. Anchored under its button where CSS anchor positioning exists, otherwise in the
 * middle of the screen. Phrasing content only (spans), so it may stand in a paragraph, a subtitle,
 * a table cell or a header. Used by the KPI cards, Agreement and Workload.
 */
export function Explain({
  label = 'How it’s counted',
  about,
  ariaLabel,
  buttonClassName,
  mark = true,
  openOnHover = false,
  children,
  testId,
  tipTestId,
}: {
  /** The button's visible text (or content, e.g. a badge). */
  label?: ReactNode
  /** What is explained, for assistive technology: the button reads "How it’s counted (Backlog per hour)". */
  about?: string
  /** The button's whole accessible name (and its title), where its visible content is only a mark, e.g. "i". */
  ariaLabel?: string
  /**
   * The button's own look, in place of the link-like default (e.g. a badge or the theme's
   * `info-dot`); the default is a link with an "i" before it (`mark`), or without one a link that
   * flows with the sentence around it.
   */
  buttonClassName?: string
  /** With the default look: the "i" before the text (the default), or a link within a sentence (false). */
  mark?: boolean
  /** The mouse opens it on hover too, leaving closes it, and a click keeps it open. */
  openOnHover?: boolean
  /** The explanation: spans, `TipBlock`s for paragraphs. */
  children: ReactNode
  testId?: string
  tipTestId?: string
}) {
  // useId may hold characters a CSS <dashed-ident> does not take: anchor names keep [\w-] only.
  const id = `explain-${useId().replace(/[^\w-]/g, '')}`
  const anchor = `--${id}`
  const tip = useRef<HTMLSpanElement>(null)
  const openedByHover = useRef(false)
  const closeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  const isOpen = () => tip.current?.matches(':popover-open') ?? false
  const cancelClose = () => clearTimeout(closeTimer.current)
  function onPointerEnter(event: PointerEvent) {
    if (event.pointerType !== 'mouse') return
    cancelClose()
    if (!isOpen()) {
      tip.current?.showPopover()
      openedByHover.current = true
    }
  }
  function onPointerLeave(event: PointerEvent) {
    if (event.pointerType !== 'mouse' || !openedByHover.current) return
    cancelClose()
    closeTimer.current = setTimeout(() => {
      if (openedByHover.current && isOpen()) tip.current?.hidePopover()
      openedByHover.current = false
    }, HOVER_CLOSE_MS)
  }
  // A click on a tip the mouse opened keeps it open instead of toggling it shut.
  function onClick(event: MouseEvent) {
    if (openedByHover.current && isOpen()) {
      event.preventDefault()
      openedByHover.current = false
      cancelClose()
    }
  }
  const hover = openOnHover ? { onPointerEnter, onPointerLeave } : {}

  return (
    <>
      <button
        type="button"
        className={buttonClassName ?? (mark ? styles.link : styles.inlineLink)}
        popoverTarget={id}
        style={{ anchorName: anchor }}
        aria-label={ariaLabel}
        title={ariaLabel}
        data-testid={testId}
        {...hover}
        onClick={openOnHover ? onClick : undefined}
      >
        {mark && !buttonClassName ? (
          <span aria-hidden="true" className={styles.mark}>
            i
          </span>
        ) : null}
        {label}
        {about ? <span className="visually-hidden"> ({about})</span> : null}
      </button>
      <span
        id={id}
        ref={tip}
        popover="auto"
        className={styles.tip}
        style={{ positionAnchor: anchor }}
        role="note"
        data-testid={tipTestId}
        {...hover}
        onToggle={(event) => {
          if ((event as unknown as { newState?: string }).newState === 'closed') openedByHover.current = false
        }}
      >
        {children}
        <button type="button" className={styles.close} popoverTarget={id} popoverTargetAction="hide" aria-label="Close">
          ×
        </button>
      </span>
    </>
  )
}

/** A paragraph inside an explanation, led by the term it explains. */
export function TipBlock({ term, children }: { term?: ReactNode; children: ReactNode }) {
  return (
    <span className={styles.block}>
      {term ? <span className={styles.term}>{term}</span> : null}
      {term ? ': ' : null}
      {children}
    </span>
  )
}
