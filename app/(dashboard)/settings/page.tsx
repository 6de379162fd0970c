import type { Metadata } from 'next'
import { requirePageUser } from '@/lib/auth/page'
import { SettingsView } from './_components/settings-view'

export const metadata: Metadata = { title: 'Settings' }

/** Settings: users, API keys and the change log (SPEC §4, §6). The signed-in user's role decides what is shown. */
export default async function SettingsPage() {
  const user = await requirePageUser('/settings')
  return <SettingsView user={{ username: user.username, role: user.role }} />
}
