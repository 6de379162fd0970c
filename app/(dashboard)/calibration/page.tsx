import type { Metadata } from 'next'
import { ComingSoon } from '../_components/coming-soon'

export const metadata: Metadata = { title: 'Calibration' }

export default function CalibrationPage() {
  return (
    <ComingSoon
      title="Calibration"
      intro="Whether the models' confidences match how often they are right."
      items={[
        'Reliability diagram: accuracy against mean confidence per bin',
        'Expected and maximum calibration error (ECE, MCE) and Brier score',
        'Confidence histogram and ECE over time',
        'Breakdowns per model version and segment',
      ]}
    />
  )
}
