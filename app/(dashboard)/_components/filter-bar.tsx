'use client'

import { useIsFetching, useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'next/navigation'
import { Suspense, useRef, useState, type KeyboardEvent } from 'react'
import { MAX_WINDOW_DAYS } from '@/analytics/shared/filters.schema'
import {
  activePreset,
  DATE_PRESETS,
  DEFAULT_PRESET,
  presetRange,
  readUrlFilters,
  searchParamsFromFilters,
  updateSearchParams,
  type FilterKey,
  type UrlFilters,
} from '@/lib/filters'
import { formatDay } from '@/lib/format'
import { metaFiltersQueryOptions } from '../_queries'
import { readRefresh, refreshIntervalMs } from './auto-refresh'
import { FILTER_BAR_ID } from './nav-items'
import { DateField } from './date-field'
import { activeFilterCount, dataBounds, filterSummary, modelOptions, segmentOptions, versionOptions, withSelected } from './filter-options'
import { OptionSelect } from './option-select'
import { useDeferredWrite, useViewPendingWhile, writeQuery, type WriteHow } from './url-state'

/**
 * Model, segment, version and day range, all kept in the URL query so that a view is a link
 * (conventions in lib/filters.ts). useSearchParams needs a Suspense boundary in the App Router.
 * On a phone the bar folds into one line, a "Filters" button and what they are set to.
 */
export function FilterBar() {
  return (
    <Suspense fallback={<FilterBarSkeleton />}>
      <FilterBarControls />
    </Suspense>
  )
}

/** Shown by a row of controls while the view it asked for loads. */
export function UpdatingNote() {
  return (
    <span className="muted small" role="status">
      Updating…
    </span>
  )
}

function FilterBarSkeleton() {
  return (
    <div className="filter-bar" aria-busy="true">
      <div className="skeleton" style={{ height: 34, width: '100%' }} />
    </div>
  )
}

type Patch = Partial<Record<FilterKey, string | undefined>>

/** `filters` with `patch` applied, by the same rules as the URL's (lib/filters.ts). */
function patched(filters: UrlFilters, patch: Patch): UrlFilters {
  return readUrlFilters(updateSearchParams(searchParamsFromFilters(filters), patch))
}

const DEFAULT_TITLE = 'Default range: the 30 days up to the latest prediction. Pick dates to change it.'
const TZ_NOTE_ID = 'filter-tz-note'

function FilterBarControls() {
  const searchParams = useSearchParams()
  const urlFilters = readUrlFilters(searchParams)
  const urlKey = searchParamsFromFilters(urlFilters).toString()

  // The filters on screen: a choice shows at once, before the URL (and the figures) catch up.
  const [shown, setShown] = useState(urlFilters)
  const [shownFor, setShownFor] = useState(urlKey)
  if (shownFor !== urlKey) {
    // The URL changed (this bar's write, the back button, another control): show it.
    setShownFor(urlKey)
    setShown(urlFilters)
  }
  const filters = shown
  const catchingUp = searchParamsFromFilters(shown).toString() !== urlKey
  // The page's figures are marked as behind from this frame on (url-state.ts), not from the later one the page re-renders in.
  useViewPendingWhile(catchingUp)

  // Patches made while a keyboard step is pending are merged: one write, one request.
  const writer = useDeferredWrite<Patch>((patch, mode) => writeQuery(updateSearchParams(new URLSearchParams(window.location.search), patch), mode))
  const refreshMs = refreshIntervalMs(readRefresh(searchParams))
  const meta = useQuery({ ...metaFiltersQueryOptions(), refetchInterval: refreshMs })
  const fetchingFigures = useIsFetching({ queryKey: ['metrics'] }) > 0
  const [open, setOpen] = useState(false)
  const [dateErrors, setDateErrors] = useState<{ from: string | null; to: string | null }>({ from: null, to: null })
  const toggle = useRef<HTMLButtonElement>(null)

  const models = meta.data?.models ?? []
  const bounds = dataBounds(models, filters.model)
  // Without dates in the URL the API shows its default window: show that range, marked as the default.
  const usesDefaultRange = !filters.from && !filters.to
  const defaultRange = usesDefaultRange && bounds ? presetRange(DEFAULT_PRESET, bounds) : null
  const preset = usesDefaultRange ? (bounds ? DEFAULT_PRESET : null) : activePreset(filters, bounds)
  const hasFilters = Object.keys(filters).length > 0

  function apply(patch: Patch, how: WriteHow = { mode: 'push' }) {
    setShown((current) => patched(current, patch))
    if ('from' in patch || 'to' in patch) setDateErrors({ from: null, to: null })
    writer.write(patch, how)
  }

  function onModelChange(model: string | undefined, how: WriteHow) {
    // Keep the segment and version only where the new model has them.
    const segments = segmentOptions(models, model).map((o) => o.value)
    const versions = versionOptions(models, model).map((o) => o.value)
    apply(
      {
        model,
        segment: filters.segment && segments.includes(filters.segment) ? filters.segment : undefined,
        model_version: filters.model_version && versions.includes(filters.model_version) ? filters.model_version : undefined,
      },
      how,
    )
  }

  // The range on screen: the URL's, or the default one. Editing one end pins the other as shown,
  // and never moves it: a day past the other end is refused (date-input.ts).
  const shownFrom = filters.from ?? defaultRange?.from
  const shownTo = filters.to ?? defaultRange?.to

  const loadingOptions = meta.isPending
  const scope = filters.model ? `model ${filters.model}` : 'all models'
  const count = activeFilterCount(filters)
  const dateError = dateErrors.from ?? dateErrors.to
  const busy = catchingUp || fetchingFigures

  function onBarKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape' && open) {
      setOpen(false)
      toggle.current?.focus()
    }
  }

  return (
    <div id={FILTER_BAR_ID} className="filter-bar" role="search" aria-label="Filters" aria-busy={busy} tabIndex={-1} onKeyDown={onBarKeyDown}>
      <div className="filter-bar-head">
        <button
          ref={toggle}
          type="button"
          className="button-secondary filter-toggle"
          aria-expanded={open}
          aria-controls="filter-panel"
          onClick={() => setOpen((o) => !o)}
        >
          <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
            <path d="M2 3.5h12M4.5 8h7M7 12.5h2" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          Filters
          {count > 0 ? (
            <span className="filter-count" aria-label={`${count} set`}>
              {count}
            </span>
          ) : null}
          <svg className="filter-toggle-chevron" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
            <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
        <span className="filter-summary" data-testid="filter-summary">
          {filterSummary(filters, { from: shownFrom, to: shownTo }, usesDefaultRange)}
        </span>
      </div>

      <div id="filter-panel" className="filter-panel" data-open={open}>
        <OptionSelect
          id="filter-model"
          label="Model"
          allLabel="All models"
          value={filters.model}
          options={withSelected(modelOptions(models), filters.model)}
          disabled={loadingOptions}
          onChoose={onModelChange}
          onFlush={writer.flush}
        />
        <OptionSelect
          id="filter-segment"
          label="Segment"
          allLabel="All segments"
          value={filters.segment}
          options={withSelected(segmentOptions(models, filters.model), filters.segment)}
          disabled={loadingOptions}
          title={`Segments seen for ${scope}`}
          onChoose={(segment, how) => apply({ segment }, how)}
          onFlush={writer.flush}
        />
        <OptionSelect
          id="filter-version"
          label="Version"
          allLabel="All versions"
          value={filters.model_version}
          options={withSelected(versionOptions(models, filters.model), filters.model_version)}
          disabled={loadingOptions}
          title={`Model versions seen for ${scope}`}
          onChoose={(model_version, how) => apply({ model_version }, how)}
          onFlush={writer.flush}
        />

        <div className="filter-range">
          <DateField
            id="filter-from"
            label="From"
            end="from"
            value={shownFrom}
            other={shownTo}
            maxDays={MAX_WINDOW_DAYS}
            defaultTitle={defaultRange ? DEFAULT_TITLE : undefined}
            describedBy={TZ_NOTE_ID}
            error={dateErrors.from}
            errorId="filter-date-error"
            onError={(message) => setDateErrors((e) => ({ ...e, from: message }))}
            onApply={(from) => apply({ from, to: from === undefined ? filters.to : shownTo })}
          />
          <DateField
            id="filter-to"
            label="To (incl.)"
            labelTitle="The last day included"
            end="to"
            value={shownTo}
            other={shownFrom}
            maxDays={MAX_WINDOW_DAYS}
            defaultTitle={defaultRange ? DEFAULT_TITLE : undefined}
            describedBy={TZ_NOTE_ID}
            error={dateErrors.to}
            errorId="filter-date-error"
            onError={(message) => setDateErrors((e) => ({ ...e, to: message }))}
            onApply={(to) => apply({ from: to === undefined ? filters.from : shownFrom, to })}
          />
          <span id={TZ_NOTE_ID} className="filter-tz" title="Days are whole UTC days, 00:00–24:00 UTC, as the API counts them">
            UTC
          </span>
        </div>

        <div className="filter-field">
          <span className="filter-label" id="filter-presets-label">
            Range
          </span>
          <div className="segmented" role="group" aria-labelledby="filter-presets-label">
            {DATE_PRESETS.map((p) => {
              const range = bounds ? presetRange(p.id, bounds) : null
              return (
                <button
                  key={p.id}
                  type="button"
                  className="segmented-item"
                  aria-pressed={preset === p.id}
                  disabled={!range}
                  title={range ? `${p.title}: ${formatDay(range.from, true)} – ${formatDay(range.to, true)} (UTC)` : p.title}
                  onClick={() => range && apply(range)}
                >
                  {p.label}
                </button>
              )
            })}
          </div>
        </div>

        <div className="filter-actions">
          {meta.isError ? (
            <span className="error-text small" role="alert" title={meta.error.message}>
              Filter options unavailable
            </span>
          ) : null}
          {hasFilters ? (
            <button type="button" className="button-ghost" onClick={() => apply({ model: undefined, segment: undefined, model_version: undefined, from: undefined, to: undefined })}>
              Reset
            </button>
          ) : null}
          <button type="button" className="button-primary filter-done" onClick={() => (setOpen(false), toggle.current?.focus())}>
            Done
          </button>
        </div>

        {dateError ? (
          <p id="filter-date-error" className="filter-error" role="alert">
            {dateError}
          </p>
        ) : null}
      </div>
      <div className="filter-progress" data-active={busy} aria-hidden="true" />
    </div>
  )
}
