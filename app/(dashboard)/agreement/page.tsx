import type { Metadata } from 'next'
import { ComingSoon } from '../_components/coming-soon'

export const metadata: Metadata = { title: 'Agreement' }

export default function AgreementPage() {
  return (
    <ComingSoon
      title="Agreement"
      intro="How often humans agree with the model, and with each other."
      items={[
        'Model–human agreement with its 95% interval, override rate and Cohen’s kappa',
        'Confusion matrix of model label against human label',
        'Inter-reviewer agreement: Krippendorff’s alpha, Fleiss’ kappa, Gwet’s AC1',
        'Per reviewer: agreement with the model and with the majority, gold accuracy',
      ]}
    />
  )
}
