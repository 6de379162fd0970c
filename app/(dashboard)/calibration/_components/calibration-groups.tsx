'use client'

import { formatDay } from '@/lib/format'
import type { CalibrationGroup, CalibrationGroupBy, CalibrationResponse } from '@/analytics/calibration/calibration.schema'
import { TableCard } from '../../_components/chart-card'
import { EmptyState } from '../../_components/query-states'
import { Reliability } from './calibration-charts'
import {
  CALIBRATION_EXPLANATIONS,
  GROUP_BY_LABELS,
  groupsCsv,
  prepareGroupRows,
  probabilityAxis,
  rangeDays,
  reliabilityDomain,
  seenText,
  sortGroups,
  viewDays,
  type CalibrationVerdict,
} from './prepare'

/** The figures of the table, in column order: a group row's field and its explanation share the key. */
const FIGURE_COLUMNS = [
  { key: 'predictions', label: 'Predictions' },
  { key: 'labeled', label: 'Labeled' },
  { key: 'ece', label: 'ECE' },
  { key: 'mce', label: 'MCE' },
  { key: 'brier', label: 'Brier' },
] as const

/** Small multiples are short so that three fit side by side and the eye can compare them. */
const SMALL_MULTIPLE_HEIGHT = 280

export function VerdictBadge({ verdict }: { verdict: CalibrationVerdict }) {
  return (
    <span className={`badge verdict-${verdict.kind}`} title={verdict.text}>
      {verdict.short}
    </span>
  )
}

/**
 * With `group_by`: one reliability diagram per model, version or segment, on the same axes so they
 * can be compared, each with when it was seen in the range, and a table of their figures.
 */
export function CalibrationGroups({ data, groups, groupBy }: { data: CalibrationResponse; groups: readonly CalibrationGroup[]; groupBy: CalibrationGroupBy }) {
  const names = GROUP_BY_LABELS[groupBy]
  const rows = prepareGroupRows(groups)
  const byKey = new Map(rows.map((r) => [r.key, r]))
  const sorted = sortGroups(groups)
  const domain = reliabilityDomain(groups.map((g) => g.reliability))
  const probability = probabilityAxis(groups.map((g) => g.reliability))
  const view = viewDays(groups, rangeDays(data.filters))

  if (groups.length === 0) {
    return (
      <EmptyState title={`No ${names.plural} to compare`}>No predictions in this view carry a {names.singular.toLowerCase()}.</EmptyState>
    )
  }

  return (
    <section className="section" aria-labelledby="calibration-groups-title" data-testid="calibration-groups">
      <header className="section-header">
        <h2 id="calibration-groups-title">By {names.singular.toLowerCase()}</h2>
        <p className="muted small">Each {names.singular.toLowerCase()}&apos;s reliability diagram on the same axes. Red shading under the diagonal is overconfidence.</p>
      </header>
      <div className="small-multiples">
        {sorted.map((group) => {
          const row = byKey.get(group.key)!
          return (
            <section key={group.key} className={row.worst ? 'card chart-card small-multiple worst' : 'card chart-card small-multiple'} data-group={group.key}>
              <header className="small-multiple-header">
                <h3>{row.label}</h3>
                <VerdictBadge verdict={row.verdict} />
              </header>
              <p className="muted small">
                ECE <strong>{row.ece}</strong> · Brier {row.brier} · {row.labeled} labeled of {row.predictions}
              </p>
              <p className="muted small" data-testid="group-seen" title={group.first_seen ? `First prediction in the range on ${group.first_seen}, last on ${group.last_seen} (UTC days)` : undefined}>
                {seenText(group, view)}
              </p>
              <Reliability reliability={group.reliability} strategy={group.strategy} domain={domain} probability={probability} height={SMALL_MULTIPLE_HEIGHT} compact />
            </section>
          )
        })}
      </div>
      <TableCard tableLabel={`Calibration per ${names.singular.toLowerCase()}`} tableTestId="calibration-groups-table" csv={groupsCsv(data)}>
        <thead>
          <tr>
            <th scope="col">{names.singular}</th>
            <th scope="col" title="UTC day of the first prediction in the range">
              First seen
            </th>
            <th scope="col" title="UTC day of the last prediction in the range">
              Last seen
            </th>
            {FIGURE_COLUMNS.map((c) => (
              <th key={c.key} scope="col" className="num" title={CALIBRATION_EXPLANATIONS[c.key]}>
                {c.label}
              </th>
            ))}
            <th scope="col">Reading</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={row.worst ? 'row-flagged' : undefined}>
              <th scope="row">
                {row.label}
                {row.worst ? (
                  <span className="badge badge-danger badge-inline" title={`The highest ECE of these ${names.plural}`}>
                    highest ECE
                  </span>
                ) : null}
              </th>
              <td>{row.firstSeen ? formatDay(row.firstSeen) : '—'}</td>
              <td>{row.lastSeen ? formatDay(row.lastSeen) : '—'}</td>
              {FIGURE_COLUMNS.map((c) => (
                <td key={c.key} className="num">
                  {row[c.key]}
                </td>
              ))}
              <td className="reading-cell" title={row.verdict.text}>
                <VerdictBadge verdict={row.verdict} /> <span className="muted small">{row.verdict.text}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </TableCard>
    </section>
  )
}
