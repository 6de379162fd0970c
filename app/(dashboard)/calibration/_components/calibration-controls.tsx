'use client'

import { useState } from 'react'
import { useUrlOptions } from '../../_components/url-options'
import styles from './calibration-controls.module.css'
import {
  GROUP_BY_CHOICES,
  INTERVAL_CHOICES,
  MAX_BINS,
  MIN_BINS,
  parseBins,
  readCalibrationOptions,
  STRATEGY_CHOICES,
  updateCalibrationOptions,
} from './calibration-options'

/** Segmented buttons for one option; `value` null is a legitimate choice (group by: none). */
function Segmented<V extends string | null>(props: {
  id: string
  label: string
  value: V
  choices: readonly { value: V; label: string; title: string }[]
  onChange: (value: V) => void
}) {
  return (
    <div className="filter-field">
      <span className="filter-label" id={`${props.id}-label`}>
        {props.label}
      </span>
      <div className={`segmented ${styles.segmented}`} role="group" aria-labelledby={`${props.id}-label`}>
        {props.choices.map((choice) => (
          <button
            key={choice.value ?? 'none'}
            type="button"
            className={`segmented-item ${styles.item}`}
            aria-pressed={props.value === choice.value}
            title={choice.title}
            onClick={() => props.onChange(choice.value)}
          >
            {choice.label}
          </button>
        ))}
      </div>
    </div>
  )
}

/**
 * Bins, binning strategy, grouping and the time step of the trend: kept in the URL next to the
 * filters (calibration-options.ts), so the view stays a link. Written with the history API as
 * the filter bar does (useUrlOptions): a button shows as pressed in the frame it is clicked, and
 * the page's figures are dimmed until the new ones arrive.
 */
export function CalibrationControls() {
  const { options, apply } = useUrlOptions(readCalibrationOptions, updateCalibrationOptions)

  // The bins field is typed into: keep what is typed ("1" on the way to "15") until it is valid.
  const [draft, setDraft] = useState(String(options.bins))
  const [draftFor, setDraftFor] = useState(options.bins)
  if (draftFor !== options.bins) {
    // The URL changed (back button, reset): show its value.
    setDraftFor(options.bins)
    setDraft(String(options.bins))
  }

  function onBinsInput(value: string) {
    setDraft(value)
    const bins = parseBins(value)
    if (bins !== null && bins !== options.bins) apply({ bins })
  }

  const draftInvalid = parseBins(draft) === null

  return (
    <div className="page-options" role="group" aria-label="Calibration options">
      <div className="filter-field">
        <label htmlFor="calibration-bins">Bins</label>
        <input
          id="calibration-bins"
          className={draftInvalid ? 'input input-number input-invalid' : 'input input-number'}
          type="number"
          inputMode="numeric"
          min={MIN_BINS}
          max={MAX_BINS}
          step={1}
          value={draft}
          aria-invalid={draftInvalid}
          title={`Number of confidence bins, ${MIN_BINS}–${MAX_BINS}`}
          onChange={(event) => onBinsInput(event.target.value)}
          onBlur={() => setDraft(String(options.bins))}
        />
      </div>
      <Segmented id="calibration-strategy" label="Binning" value={options.strategy} choices={STRATEGY_CHOICES} onChange={(strategy) => apply({ strategy })} />
      <Segmented id="calibration-group-by" label="Group by" value={options.groupBy} choices={GROUP_BY_CHOICES} onChange={(groupBy) => apply({ groupBy })} />
      <Segmented id="calibration-interval" label="Trend per" value={options.interval} choices={INTERVAL_CHOICES} onChange={(interval) => apply({ interval })} />
      <div className="filter-actions">
        {draftInvalid ? (
          <span className="error-text small" role="alert">
            Bins must be a whole number from {MIN_BINS} to {MAX_BINS}
          </span>
        ) : null}
      </div>
    </div>
  )
}
