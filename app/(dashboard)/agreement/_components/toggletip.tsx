'use client'

import { useId, type ReactNode } from 'react'
import styles from './agreement.module.css'

/**
 * An explanation behind a button (a toggletip): a click, a tap or Enter/Space opens it, Escape, a
 * second press or a tap elsewhere closes it. It is a native popover (`popover="auto"`), so it
 * opens in the top layer, never clipped by the table that scrolls sideways around it, and the
 * browser wires the button's expanded state for assistive technology. Where CSS anchor
 * positioning exists it sits under its button, otherwise in the middle of the screen.
 * Phrasing content only (spans), so that it may stand inside a paragraph or a table cell.
 */
export function Toggletip({
  label,
  buttonClassName,
  children,
  testId,
}: {
  /** The button's text, e.g. a flag's name or "How are reviewers flagged?". */
  label: ReactNode
  buttonClassName?: string
  /** The explanation (spans; use `<span className={styles.tipBlock}>` for paragraphs). */
  children: ReactNode
  testId?: string
}) {
  // useId may hold characters a CSS <dashed-ident> does not take: anchor names keep [\w-] only.
  const id = `tip-${useId().replace(/[^\w-]/g, '')}`
  const anchor = `--${id}`
  return (
    <>
      <button type="button" className={`${styles.tipButton} ${buttonClassName ?? ''}`} popoverTarget={id} style={{ anchorName: anchor }} data-testid={testId}>
        {label}
      </button>
      <span id={id} popover="auto" className={styles.tip} style={{ positionAnchor: anchor }}>
        {children}
        <button type="button" className={styles.tipClose} popoverTarget={id} popoverTargetAction="hide" aria-label="Close">
          ×
        </button>
      </span>
    </>
  )
}
