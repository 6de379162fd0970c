import type { ReactNode } from 'react'
import { requirePageUser } from '@/lib/auth/page'
import { FilterBarSlot } from './_components/filter-bar-slot'
import { CONTENT_ID } from './_components/nav-items'
import { ROLE_LABELS } from './_components/role-labels'
import { SidebarNav } from './_components/sidebar-nav'
import { SkipLinks } from './_components/skip-links'

/**
 * The signed-in app shell: skip links, sidebar, filter bar (on the pages it applies to), page.
 * Signed-out visitors are sent to /login.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser()
  return (
    <div className="app-shell">
      <SkipLinks />
      <aside className="sidebar">
        <div className="brand">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <circle cx="16" cy="16" r="8" fill="none" stroke="#fff" strokeWidth="3.5" />
          </svg>
          <span className="brand-name">Oversight</span>
        </div>
        <SidebarNav />
        <div className="sidebar-user">
          <div className="user-name" title={`Signed in as ${user.username}`}>
            {user.username}
          </div>
          <div className="user-role">{ROLE_LABELS[user.role] ?? user.role}</div>
          <form method="post" action="/api/auth/logout">
            <button type="submit" className="button-secondary button-small">
              Sign out
            </button>
          </form>
        </div>
      </aside>
      <div className="main">
        <FilterBarSlot />
        <main className="content" id={CONTENT_ID} tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  )
}
