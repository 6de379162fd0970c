import type { MouseEvent } from 'react'
import { writeQuery } from '../../_components/url-state'

/**
 * A link to this page with other filters stays a link (a new tab, a copied address); a plain
 * click writes the URL with the history API at once, as the pickers do (url-state.ts), instead
 * of a router navigation that waits for the server.
 */
export function onQueryLinkClick(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  event.preventDefault()
  writeQuery(new URLSearchParams(new URL(event.currentTarget.href).search), 'push')
}
