import type { Metadata } from 'next'
import { ComingSoon } from '../_components/coming-soon'
import { requirePageSession } from '@/lib/auth/page'

export const metadata: Metadata = { title: 'Oversight' }

export default async function OversightPage() {
  await requirePageSession()
  return (
    <ComingSoon
      title="Oversight"
      intro="Evidence of human oversight for compliance, per model and period."
      items={[
        'Share of predictions a human saw, audit draws and the audit rate in force',
        'Override rate and the estimated error of auto-accepted predictions with its interval',
        'Halts and every policy change with proposer, approver, reason and evidence',
        'Automation-bias signals per reviewer; export as CSV, JSON or PDF',
      ]}
    />
  )
}
