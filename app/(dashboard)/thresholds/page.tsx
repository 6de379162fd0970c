import type { Metadata } from 'next'
import { ComingSoon } from '../_components/coming-soon'
import { requirePageSession } from '@/lib/auth/page'

export const metadata: Metadata = { title: 'Thresholds' }

export default async function ThresholdsPage() {
  await requirePageSession()
  return (
    <ComingSoon
      title="Thresholds"
      intro="Escalation thresholds that keep the error of auto-accepted predictions under a target, within the reviewers' capacity."
      items={[
        'The recommended threshold with its statistical guarantee, per model and segment',
        'The trade-off curve: automation rate against risk and its upper bound',
        'What-if: escalations, reviewer-hours, SLA attainment and risk at any threshold',
        'Policy proposals and four-eyes approvals',
      ]}
    />
  )
}
