'use client'

import Link from 'next/link'
import { Line, LineChart, YAxis } from 'recharts'
import { TableCard } from '../../_components/chart-card'
import { CHART_COLORS } from '../../_components/chart-theme'
import { KPI_EXPLANATIONS, type ModelRow } from './prepare'

const SPARK_WIDTH = 96
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

/** The per-model figures; a model's name narrows the whole page to it. */
export function ModelTable({ rows, hrefForModel }: { rows: readonly ModelRow[]; hrefForModel: (model: string) => string }) {
  return (
    <TableCard
      title="By model"
      subtitle={<>Each model&apos;s figures over the same range and filters. Select a name to focus the page on it.</>}
      tableLabel="Figures per model"
    >
      <thead>
        <tr>
          <th scope="col">Model</th>
          {COLUMNS.map((c) => (
            <th key={c.key} scope="col" className="num" title={c.title}>
              {c.label}
            </th>
          ))}
          <th scope="col" title="Predictions per day">
            Trend
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.model}>
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
            <td className="spark-cell">
              <Sparkline points={row.trend} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableCard>
  )
}
