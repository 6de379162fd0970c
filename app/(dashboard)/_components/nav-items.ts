/** The dashboard pages, in sidebar order. */
export const NAV_ITEMS = [
  { href: '/overview', label: 'Overview', description: 'Volumes, automation, reviews and agreement at a glance' },
  { href: '/workload', label: 'Workload', description: 'Reviewer load, backlog, wait and handle times, SLA, staffing' },
  { href: '/calibration', label: 'Calibration', description: 'Reliability diagrams, ECE, Brier score' },
  { href: '/agreement', label: 'Agreement', description: 'Model–human and inter-reviewer agreement' },
  { href: '/thresholds', label: 'Thresholds', description: 'Escalation threshold recommendations and what-ifs' },
  { href: '/oversight', label: 'Oversight', description: 'Evidence of human oversight for compliance' },
  { href: '/settings', label: 'Settings', description: 'Users, API keys and reviewer capacity' },
] as const

/** True when `pathname` is the item's page or one of its sub-pages. */
export function isActivePath(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`)
}

/** Pages the dashboard filters (model, segment, version, range) do not apply to: no filter bar there. */
export const PAGES_WITHOUT_FILTERS = ['/settings'] as const

export function pageFollowsFilters(pathname: string): boolean {
  return !PAGES_WITHOUT_FILTERS.some((href) => isActivePath(pathname, href))
}

/** Where the skip links (skip-links.tsx) lead: the filter bar and the page's <main>. */
export const FILTER_BAR_ID = 'filters'
export const CONTENT_ID = 'content'
