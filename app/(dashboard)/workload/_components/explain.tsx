'use client'

import { useId, useRef, type MouseEvent, type PointerEvent, type ReactNode } from 'react'
import styles from './workload.module.css'

/** A tip opened by the mouse closes this long after the pointer leaves both it and its button. */
const HOVER_CLOSE_MS = 250

/**
 * A figure's explanation behind a small button (a toggletip, as on the Agreement page): a
 * click, a tap or Enter/Space opens it, Escape, a second press or a click elsewhere closes it,
 * and the mouse opens it on hover too (a click then keeps it open). A native popover
 * (`popover="auto"`): in the top layer, never clipped by a card or a table that scrolls sideways,
 * one open at a time, the button's expanded state wired by the browser. Anchored under its
 * button where CSS anchor positioning exists, otherwise in the middle of the screen. Phrasing
 * content only (spans), so it may stand in a subtitle or a table header.
 */
export function Explain({
  label = 'How it’s counted',
  about,
  children,
  testId,
}: {
  /** The button's visible text. */
  label?: string
  /** What is explained, for assistive technology (the button reads "How it’s counted (Backlog per hour)"). */
  about: string
  /** The explanation (spans; `<span className={styles.tipBlock}>` for paragraphs). */
  children: ReactNode
  testId?: string
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

  return (
    <>
      <button
        type="button"
        className={styles.explainButton}
        popoverTarget={id}
        style={{ anchorName: anchor }}
        data-testid={testId}
        onPointerEnter={onPointerEnter}
        onPointerLeave={onPointerLeave}
        onClick={onClick}
      >
        <span aria-hidden="true" className={styles.explainMark}>
          i
        </span>
        {label}
        <span className="visually-hidden"> ({about})</span>
      </button>
      <span
        id={id}
        ref={tip}
        popover="auto"
        className={styles.tip}
        style={{ positionAnchor: anchor }}
        role="note"
        onPointerEnter={onPointerEnter}
        onPointerLeave={onPointerLeave}
        onToggle={(event) => {
          if ((event as unknown as { newState?: string }).newState === 'closed') openedByHover.current = false
        }}
      >
        {children}
        <button type="button" className={styles.tipClose} popoverTarget={id} popoverTargetAction="hide" aria-label="Close">
          ×
        </button>
      </span>
    </>
  )
}

/** A paragraph inside an explanation. */
export function TipBlock({ term, children }: { term?: string; children: ReactNode }) {
  return (
    <span className={styles.tipBlock}>
      {term ? <span className={styles.tipTerm}>{term}</span> : null}
      {term ? ': ' : null}
      {children}
    </span>
  )
}
