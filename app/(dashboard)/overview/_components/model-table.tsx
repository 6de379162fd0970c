'use client'

import Link from 'next/link'
import { Line, LineChart, YAxis } from 'recharts'
import { formatCount } from '@/lib/format'
import { TableCard } from '../../_components/chart-card'
import { formatScore } from '../../_components/chart-math'
import { CHART_COLORS } from '../../_components/chart-theme'
import type { CsvExport } from '../../_components/csv'
import { KPI_EXPLANATIONS, type ModelEce, type ModelRow } from './prepare'

/** Narrow enough that the table, ECE column included, fits a 1440 px screen. */
const SPARK_WIDTH = 80
const SPARK_HEIGHT = 28

function Sparkline({ points }: { points: ModelRow['trend'] }) {
  if (points.length < 2) return <span className="muted">—</span>
  return (
    <LineChart width={SPARK_WIDTH} height={SPARK_HEIGHT} data={points} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
      <YAxis hide domain={[0, 'dataMax']} />
      <Line dataKey="predictions" stroke={CHART_COLORS.auto} strokeWidth={1.5} dot={false} isAnimationActive={false} />
    </LineChart>
  )
}

const COLUMNS = [
  { key: 'predictions', label: 'Predictions', title: KPI_EXPLANATIONS.predictions },
  { key: 'share', label: 'Share', title: 'Share of all predictions in view' },
  { key: 'automationRate', label: 'Automation', title: KPI_EXPLANATIONS.automation_rate },
  { key: 'escalationRate', label: 'Escalation', title: KPI_EXPLANATIONS.escalation_rate },
  { key: 'audited', label: 'Audited', title: KPI_EXPLANATIONS.audited },
  { key: 'reviews', label: 'Reviews', title: KPI_EXPLANATIONS.reviews },
  { key: 'labeled', label: 'Labeled', title: KPI_EXPLANATIONS.labeled },
  { key: 'agreementRate', label: 'Agreement', title: KPI_EXPLANATIONS.agreement_rate },
  { key: 'backlog', label: 'Backlog', title: KPI_EXPLANATIONS.backlog },
] as const satisfies readonly { key: keyof ModelRow; label: string; title: string }[]

/** What the ECE column says about itself (and the calibration request behind it). */
export const ECE_EXPLANATION =
  'Expected calibration error of the model over the same range and filters (10 equal-width bins, inverse-propensity weighted, as on the Calibration page): 0 is perfect. Select it to open the model’s calibration.'

/** The ECE column: loading, failed, or each model's ECE from the calibration family. */
export type EceColumn = { status: 'pending' } | { status: 'error' } | { status: 'success'; ece: ModelEce }

function EceCell({ model, column, href }: { model: string; column: EceColumn; href: string }) {
  if (column.status === 'pending') {
    return (
      <td className="num muted" aria-busy="true" data-ece="pending">
        …
      </td>
    )
  }
  if (column.status === 'error') {
    return (
      <td className="num muted" title="ECE could not be loaded" data-ece="error">
        —
      </td>
    )
  }
  const figures = column.ece.get(model)
  if (!figures || figures.ece === null) {
    return (
      <td className="num muted" title="No labeled predictions: ECE needs a reference label" data-ece="none">
        —
      </td>
    )
  }
  return (
    <td className="num" data-ece={figures.ece}>
      <Link href={href} title={`ECE over ${formatCount(figures.labeled)} labeled predictions: open the calibration of ${model}`}>
        {formatScore(figures.ece)}
      </Link>
    </td>
  )
}

/** The per-model figures; a model's name narrows the whole page to it, its ECE opens its calibration. */
export function ModelTable({
  rows,
  hrefForModel,
  eceColumn,
  calibrationHref,
  csv,
}: {
  rows: readonly ModelRow[]
  hrefForModel: (model: string) => string
  eceColumn: EceColumn
  calibrationHref: (model: string) => string
  csv: CsvExport
}) {
  return (
    <TableCard
      title="By model"
      subtitle={<>Each model&apos;s figures over the same range and filters. Select a name to focus the page on it, an ECE to see its calibration.</>}
      tableLabel="Figures per model"
      tableTestId="model-table"
      csv={csv}
    >
      <thead>
        <tr>
          <th scope="col">Model</th>
          {COLUMNS.map((c) => (
            <th key={c.key} scope="col" className="num" title={c.title}>
              {c.label}
            </th>
          ))}
          <th scope="col" className="num" title={ECE_EXPLANATION}>
            ECE
          </th>
          <th scope="col" title="Predictions per day">
            Trend
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.model} data-model={row.model}>
            <th scope="row">
              <Link href={hrefForModel(row.model)} scroll={false}>
                {row.model}
              </Link>
            </th>
            {COLUMNS.map((c) => (
              <td key={c.key} className="num">
                {row[c.key]}
              </td>
            ))}
            <EceCell model={row.model} column={eceColumn} href={calibrationHref(row.model)} />
            <td className="spark-cell">
              <Sparkline points={row.trend} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableCard>
  )
}
