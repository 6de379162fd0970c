'use client'

import { usePathname } from 'next/navigation'
import type { MouseEvent } from 'react'
import { CONTENT_ID, FILTER_BAR_ID, pageFollowsFilters } from './nav-items'

/** Moves focus to the target (tabIndex -1) without a #fragment in the URL, so a copied link stays clean. */
function skipTo(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const target = document.getElementById(id)
  if (!target) return
  event.preventDefault()
  target.focus({ preventScroll: true })
  target.scrollIntoView({ block: 'start' })
}

/**
 * The first Tab stops of every dashboard page: past the sidebar's seven links and Sign out to the
 * filters (on the pages that have them) or to the page itself. Hidden until focused.
 */
export function SkipLinks() {
  const hasFilters = pageFollowsFilters(usePathname())
  return (
    <div className="skip-links">
      {hasFilters ? (
        <a className="skip-link" href={`#${FILTER_BAR_ID}`} onClick={(event) => skipTo(event, FILTER_BAR_ID)}>
          Skip to filters
        </a>
      ) : null}
      <a className="skip-link" href={`#${CONTENT_ID}`} onClick={(event) => skipTo(event, CONTENT_ID)}>
        Skip to content
      </a>
    </div>
  )
}
