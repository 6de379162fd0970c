'use client'

import { Children, cloneElement, Fragment, isValidElement, useId, useState, type ReactElement, type ReactNode } from 'react'

/**
 * "see README" in an empty state, as a link that opens the README's ways of getting data in,
 * right there (the README is a file beside the server, not a page a browser can open).
 */
export function ReadmeLink({ children = 'README' }: { children?: ReactNode }) {
  const [open, setOpen] = useState(false)
  const id = useId()
  return (
    <>
      <button type="button" className="link-button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {children}
      </button>
      <span id={id} className="readme-hint" hidden={!open}>
        <span className="readme-hint-title">From the README: getting data in</span>
        <span>
          <strong>Demo data</strong>: stop the server, run <code>npx oversight seed --scenario demo --days 30</code>, start it again (
          <code>npm start</code> seeds an empty data dir by itself).
        </span>
        <span>
          <strong>HTTP</strong>: an admin creates a key of scope <code>ingest</code> under <a href="/settings">Settings → API keys</a>, which shows a
          ready-to-paste <code>curl</code> call; then <code>POST /api/v1/events</code> with JSON or NDJSON events (SPEC §2).
        </span>
        <span>
          <strong>Files</strong>: <code>npx oversight ingest events.ndjson</code> (NDJSON, JSON, CSV or Parquet, gzipped or not), beside the running
          server too.
        </span>
      </span>
    </>
  )
}

const README = /\bREADME\b/

/** Text with each "README" in it made a ReadmeLink; elements and fragments are looked into one level deep. */
export function withReadmeLinks(node: ReactNode): ReactNode {
  if (typeof node === 'string') {
    if (!README.test(node)) return node
    const [before, ...rest] = node.split(README)
    return (
      <>
        {before}
        {rest.map((after, i) => (
          <Fragment key={i}>
            <ReadmeLink />
            {after}
          </Fragment>
        ))}
      </>
    )
  }
  if (Array.isArray(node)) return Children.map(node, (child) => withReadmeLinks(child))
  if (isValidElement(node) && node.type === Fragment) {
    const fragment = node as ReactElement<{ children?: ReactNode }>
    return cloneElement(fragment, undefined, Children.map(fragment.props.children, (child) => withReadmeLinks(child)))
  }
  return node
}
