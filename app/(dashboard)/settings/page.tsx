import type { Metadata } from 'next'
import { ComingSoon } from '../_components/coming-soon'

export const metadata: Metadata = { title: 'Settings' }

export default function SettingsPage() {
  return (
    <ComingSoon
      title="Settings"
      followsFilters={false}
      intro="Administration of this Oversight installation."
      items={[
        'Users and their roles',
        'API keys with their scopes (ingest, read, admin); create and revoke',
        'Reviewer capacity and SLA settings per model or queue',
      ]}
    />
  )
}
