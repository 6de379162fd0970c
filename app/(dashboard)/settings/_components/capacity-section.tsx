'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState, type CSSProperties, type FormEvent, type KeyboardEvent } from 'react'
import { ApiError } from '@/lib/api-client'
import type { CapacityEntryJson } from '@/lib/capacity/capacity.schema'
import { ErrorState } from '../../_components/query-states'
import { capacityQueryOptions, saveCapacity, settingsKeys } from '../_queries'
import {
  draftBody,
  draftDiffers,
  entryTitle,
  errorKey,
  hourRange,
  newDraftEntry,
  percentText,
  placeErrors,
  staffingSummary,
  toDraft,
  type DraftEntry,
  type DraftField,
  type PlacedErrors,
} from './capacity-draft'
import { changeErrorMessage } from './error-message'
import styles from './capacity-section.module.css'

const HOURS = Array.from({ length: 24 }, (_, hour) => hour)
const FORBIDDEN_HINT = 'Only team leads and administrators edit capacity; sign in as one.'
const COLUMNS = 7

const pad = (hour: number) => String(hour).padStart(2, '0')

/** A DOM id for an input, from the section's id and the error key it answers to. */
const domId = (base: string, key: string) => `${base}-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`

/**
 * Capacity settings (SPEC §3.3): every role sees them; team leads and administrators edit them
 * (`canEdit`; the API enforces it with a 403). Edits stay in the page until Save, which sends the
 * whole set (PUT); the server's errors are shown on the inputs they name.
 */
export function CapacitySection({ canEdit }: { canEdit: boolean }) {
  const capacity = useQuery(capacityQueryOptions())
  return (
    <section className="card settings-card" aria-labelledby="capacity-title" data-testid="capacity-section">
      <header className="chart-header">
        <h2 id="capacity-title">Capacity</h2>
        <p className="muted small">
          Per queue, and optionally per model: the SLA, the share of items to start within it, the target occupancy, and the reviewers on shift in
          each UTC hour. Workload measures SLA attainment and staffing against these. The entry for all queues applies wherever a queue (or
          model) has none of its own.
        </p>
      </header>
      {capacity.isPending ? (
        <div className="skeleton" style={{ height: 140 }} aria-busy="true" aria-label="Loading capacity settings" />
      ) : capacity.isError ? (
        <ErrorState
          title="Capacity settings could not be loaded"
          error={capacity.error}
          onRetry={() => void capacity.refetch()}
          retrying={capacity.isFetching}
        />
      ) : canEdit ? (
        <CapacityEditor saved={capacity.data.entries} />
      ) : (
        <CapacityReadOnly entries={capacity.data.entries} />
      )}
    </section>
  )
}

function NotConfigured() {
  return (
    <p className="muted" data-testid="capacity-empty">
      No capacity configured. Workload uses the defaults (SLA 4 h, 90 % of items within it, 85 % target occupancy) and has no staffed hours to
      compare with.
    </p>
  )
}

function TableHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Queue</th>
        <th scope="col">Model</th>
        <th scope="col">SLA</th>
        <th scope="col">Within SLA</th>
        <th scope="col">Target occupancy</th>
        <th scope="col">Staffed per day</th>
        <th scope="col">
          <span className="visually-hidden">Actions</span>
        </th>
      </tr>
    </thead>
  )
}

function StaffedSummary({ staffed }: { staffed: readonly string[] }) {
  const { reviewerHours, peak } = staffingSummary(staffed)
  return (
    <div className={styles.summary}>
      <strong>{reviewerHours}</strong> reviewer-hours
      <br />
      peak {peak} on shift
    </div>
  )
}

/** The hour's share of the busiest hour, for the cell's tint. */
function levels(staffed: readonly string[]): number[] {
  const { peak } = staffingSummary(staffed)
  return staffed.map((text) => {
    const value = Number(text)
    return peak > 0 && Number.isFinite(value) && value > 0 ? Math.min(1, value / peak) : 0
  })
}

const levelStyle = (level: number) => ({ '--level': level.toFixed(3) }) as CSSProperties

function minutesText(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes} min (${minutes / 60} h)`
  return `${minutes} min`
}

// ---------------------------------------------------------------- read only

function CapacityReadOnly({ entries }: { entries: CapacityEntryJson[] }) {
  return (
    <>
      <p className="muted small" data-testid="capacity-read-only">
        Read only: team leads and administrators edit capacity settings.
      </p>
      {entries.length === 0 ? (
        <NotConfigured />
      ) : (
        <div className={`${styles.tableWrap} ${styles.tableWrapLast}`}>
          <table className={`table ${styles.table}`} aria-label="Capacity entries" data-testid="capacity-table">
            <TableHead />
            {entries.map((entry, index) => {
              const staffed = entry.staffed.map(String)
              const tint = levels(staffed)
              return (
                <tbody key={`${entry.queue}\u0000${entry.model ?? ''}`} className={styles.entry} data-testid={`capacity-entry-${index}`}>
                  <tr>
                    <td className={styles.wide}>
                      <span className={styles.cellLabel}>Queue</span>
                      <span className={`${styles.readValue} ${entry.queue === '' ? styles.defaultName : ''}`}>
                        {entry.queue === '' ? 'All queues (default)' : entry.queue}
                      </span>
                    </td>
                    <td className={styles.wide}>
                      <span className={styles.cellLabel}>Model</span>
                      <span className={`${styles.readValue} ${entry.model === null ? styles.defaultName : ''}`}>{entry.model ?? 'any model'}</span>
                    </td>
                    <td>
                      <span className={styles.cellLabel}>SLA</span>
                      <span className={styles.readValue}>{minutesText(entry.sla_minutes)}</span>
                    </td>
                    <td>
                      <span className={styles.cellLabel}>Within SLA</span>
                      <span className={styles.readValue}>{percentText(entry.sla_target)} %</span>
                    </td>
                    <td>
                      <span className={styles.cellLabel}>Target occupancy</span>
                      <span className={styles.readValue}>{percentText(entry.target_occupancy)} %</span>
                    </td>
                    <td>
                      <span className={styles.cellLabel}>Staffed per day</span>
                      <StaffedSummary staffed={staffed} />
                    </td>
                    <td aria-hidden="true" />
                  </tr>
                  <tr className={styles.staffingRow}>
                    <td colSpan={COLUMNS}>
                      <div className={styles.hours} role="group" aria-label={`Reviewers on shift per UTC hour, ${entryTitle(entry.queue, entry.model)}`}>
                        <span className={styles.hoursLegend} aria-hidden="true">
                          Reviewers on shift per UTC hour
                        </span>
                        <div className={styles.hourGrid}>
                          {HOURS.map((hour) => (
                            <div key={hour} className={styles.hour}>
                              <span className={styles.hourLabel} aria-hidden="true">
                                {pad(hour)}
                              </span>
                              <span className={styles.hourValue} style={levelStyle(tint[hour])} title={hourRange(hour)}>
                                <span className="visually-hidden">{hourRange(hour)}: </span>
                                {staffed[hour]}
                              </span>
                            </div>
                          ))}
                        </div>
                      </div>
                    </td>
                  </tr>
                </tbody>
              )
            })}
          </table>
        </div>
      )}
    </>
  )
}

// ---------------------------------------------------------------- editor

function CapacityEditor({ saved }: { saved: CapacityEntryJson[] }) {
  const base = useId()
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<DraftEntry[] | null>(null)
  const [errors, setErrors] = useState<PlacedErrors | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const nextId = useRef(0)
  const pendingFocus = useRef<string | null>(null)
  const addButton = useRef<HTMLButtonElement>(null)

  const entries = draft ?? toDraft(saved)
  const dirty = draft !== null && draftDiffers(draft, saved)

  useEffect(() => {
    if (pendingFocus.current === null) return
    const element = document.getElementById(pendingFocus.current)
    pendingFocus.current = null
    element?.focus()
  })

  // Leaving the page with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  const save = useMutation({
    mutationFn: (sent: DraftEntry[]) => saveCapacity(draftBody(sent)),
    onSuccess: (answer) => {
      queryClient.setQueryData(settingsKeys.capacity, answer)
      void queryClient.invalidateQueries({ queryKey: settingsKeys.changeLog })
      setDraft(null)
      setErrors(null)
      const n = answer.entries.length
      setNotice(n === 0 ? 'Saved: no capacity entries, so Workload uses the defaults.' : `Saved ${n} ${n === 1 ? 'entry' : 'entries'}; the change is in Recent changes.`)
    },
    onError: (error, sent) => {
      const issues = error instanceof ApiError && error.status === 400 ? issuesOf(error.details) : []
      if (issues.length === 0) return setErrors(null)
      const placed = placeErrors(sent, issues)
      setErrors(placed)
      if (placed.first) pendingFocus.current = domId(base, placed.first)
    },
  })

  function edit(change: (current: DraftEntry[]) => DraftEntry[], clear: string[] = []) {
    setNotice(null)
    setDraft((current) => change(current ?? toDraft(saved)))
    if (clear.length > 0) {
      setErrors((current) => {
        if (!current) return current
        const fields = { ...current.fields }
        for (const key of clear) delete fields[key]
        return { ...current, fields }
      })
    }
  }

  function update(id: string, field: DraftField, value: string) {
    edit((current) => current.map((entry) => (entry.id === id ? { ...entry, [field]: value } : entry)), [errorKey(id, field), errorKey(id, '')])
  }

  function updateHour(id: string, hour: number, value: string) {
    edit(
      (current) => current.map((entry) => (entry.id === id ? { ...entry, staffed: entry.staffed.map((v, h) => (h === hour ? value : v)) } : entry)),
      [errorKey(id, `staffed.${hour}`)],
    )
  }

  function fillHours(id: string, value: string) {
    edit(
      (current) => current.map((entry) => (entry.id === id ? { ...entry, staffed: entry.staffed.map(() => value) } : entry)),
      [errorKey(id, 'staffed'), ...HOURS.map((hour) => errorKey(id, `staffed.${hour}`))],
    )
  }

  function add() {
    const id = `new-${nextId.current++}`
    edit((current) => [...current, newDraftEntry(current, id)])
    pendingFocus.current = domId(base, errorKey(id, 'queue'))
  }

  function remove(id: string) {
    edit((current) => current.filter((entry) => entry.id !== id))
    addButton.current?.focus()
  }

  function discard() {
    setDraft(null)
    setErrors(null)
    setNotice(null)
    save.reset()
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (save.isPending || !dirty) return
    setNotice(null)
    save.mutate(entries)
  }

  const saveError = save.isError ? saveErrorText(save.error, errors) : null

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Capacity settings" className="settings-card">
      {entries.length === 0 ? (
        <NotConfigured />
      ) : (
        <div className={styles.tableWrap}>
          <table className={`table ${styles.table}`} aria-label="Capacity entries" data-testid="capacity-table">
            <TableHead />
            {entries.map((entry, index) => (
              <EditableEntry
                key={entry.id}
                base={base}
                index={index}
                entry={entry}
                errors={errors?.fields ?? {}}
                onChange={update}
                onHour={updateHour}
                onFill={fillHours}
                onRemove={remove}
              />
            ))}
          </table>
        </div>
      )}

      <div className={styles.actions}>
        <button ref={addButton} type="button" className="button-secondary" onClick={add}>
          {entries.length === 0 ? 'Add the default entry' : 'Add entry'}
        </button>
        <span className={styles.spacer} />
        {dirty ? (
          <span className={styles.unsaved} data-testid="capacity-unsaved">
            Unsaved changes
          </span>
        ) : null}
        <button type="button" className="button-secondary" onClick={discard} disabled={draft === null || save.isPending}>
          Discard changes
        </button>
        <button type="submit" className="button-primary" disabled={!dirty || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save capacity'}
        </button>
      </div>

      {saveError ? (
        <div className="error-text" role="alert" data-testid="capacity-save-error">
          <p style={{ margin: 0 }}>{saveError}</p>
          {errors && errors.general.length > 0 ? (
            <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
              {errors.general.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
    </form>
  )
}

/** The SPEC error details' issues, when present. */
function issuesOf(details: unknown): Array<{ path: string; message: string }> {
  if (typeof details !== 'object' || details === null) return []
  const issues = (details as { issues?: unknown }).issues
  if (!Array.isArray(issues)) return []
  return issues.filter(
    (issue): issue is { path: string; message: string } =>
      typeof issue === 'object' && issue !== null && typeof issue.path === 'string' && typeof issue.message === 'string',
  )
}

function saveErrorText(error: unknown, placed: PlacedErrors | null): string {
  if (error instanceof ApiError && error.status === 400 && placed) {
    const marked = Object.keys(placed.fields).length
    if (marked > 0) return `Not saved: ${marked === 1 ? 'one value needs' : `${marked} values need`} fixing (marked in red). ${error.message}`
  }
  return `Not saved. ${changeErrorMessage(error, FORBIDDEN_HINT)}`
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null
  return (
    <p id={id} className={styles.fieldError}>
      {message}
    </p>
  )
}

function EditableEntry({
  base,
  index,
  entry,
  errors,
  onChange,
  onHour,
  onFill,
  onRemove,
}: {
  base: string
  index: number
  entry: DraftEntry
  errors: Record<string, string>
  onChange: (id: string, field: DraftField, value: string) => void
  onHour: (id: string, hour: number, value: string) => void
  onFill: (id: string, value: string) => void
  onRemove: (id: string) => void
}) {
  const [fill, setFill] = useState('')
  const title = entryTitle(entry.queue, entry.model)
  const tint = levels(entry.staffed)
  const entryError = errors[errorKey(entry.id, '')]
  const hoursError = errors[errorKey(entry.id, 'staffed')]
  const hourErrors = HOURS.flatMap((hour) => {
    const message = errors[errorKey(entry.id, `staffed.${hour}`)]
    return message ? [{ hour, message }] : []
  })

  /** Props of a field's input: id, value, change, and its error wired for assistive technology. */
  function field(name: DraftField) {
    const key = errorKey(entry.id, name)
    const id = domId(base, key)
    const message = errors[key]
    return {
      input: {
        id,
        value: entry[name],
        onChange: (event: { target: { value: string } }) => onChange(entry.id, name, event.target.value),
        'aria-invalid': message ? true : undefined,
        'aria-describedby': message ? `${id}-error` : undefined,
      },
      id,
      message,
      invalid: message ? styles.invalid : '',
    }
  }

  const queue = field('queue')
  const model = field('model')
  const sla = field('slaMinutes')
  const target = field('slaTargetPercent')
  const occupancy = field('targetOccupancyPercent')

  function applyFill() {
    if (fill.trim() === '') return
    onFill(entry.id, fill.trim())
  }

  function onFillKey(event: KeyboardEvent<HTMLInputElement>) {
    // Enter applies to the hours here instead of saving the whole form.
    if (event.key === 'Enter') {
      event.preventDefault()
      applyFill()
    }
  }

  return (
    <tbody className={styles.entry} data-testid={`capacity-entry-${index}`}>
      <tr>
        <td className={styles.wide}>
          <label className={styles.cellLabel} htmlFor={queue.id}>
            Queue
          </label>
          <input
            {...queue.input}
            className={`input ${styles.input} ${styles.queueInput} ${queue.invalid}`}
            maxLength={128}
            placeholder="All queues (default)"
            autoComplete="off"
            spellCheck={false}
          />
          <FieldError id={`${queue.id}-error`} message={queue.message} />
        </td>
        <td className={styles.wide}>
          <label className={styles.cellLabel} htmlFor={model.id}>
            Model
          </label>
          <input
            {...model.input}
            className={`input ${styles.input} ${model.invalid}`}
            maxLength={128}
            placeholder="Any model"
            autoComplete="off"
            spellCheck={false}
          />
          <FieldError id={`${model.id}-error`} message={model.message} />
        </td>
        <td>
          <label className={styles.cellLabel} htmlFor={sla.id}>
            SLA (minutes)
          </label>
          <span className={styles.unit}>
            <input {...sla.input} className={`input ${styles.input} ${styles.numberInput} ${sla.invalid}`} type="number" inputMode="decimal" min={0} step="any" />
            min
          </span>
          <FieldError id={`${sla.id}-error`} message={sla.message} />
        </td>
        <td>
          <label className={styles.cellLabel} htmlFor={target.id}>
            Within SLA (%)
          </label>
          <span className={styles.unit}>
            <input
              {...target.input}
              className={`input ${styles.input} ${styles.numberInput} ${target.invalid}`}
              type="number"
              inputMode="decimal"
              min={0}
              max={100}
              step="any"
            />
            %
          </span>
          <FieldError id={`${target.id}-error`} message={target.message} />
        </td>
        <td>
          <label className={styles.cellLabel} htmlFor={occupancy.id}>
            Target occupancy (%)
          </label>
          <span className={styles.unit}>
            <input
              {...occupancy.input}
              className={`input ${styles.input} ${styles.numberInput} ${occupancy.invalid}`}
              type="number"
              inputMode="decimal"
              min={0}
              max={100}
              step="any"
            />
            %
          </span>
          <FieldError id={`${occupancy.id}-error`} message={occupancy.message} />
        </td>
        <td>
          <span className={styles.cellLabel}>Staffed per day</span>
          <StaffedSummary staffed={entry.staffed} />
        </td>
        <td className={`row-actions ${styles.removeCell}`}>
          <button type="button" className="button-ghost button-small" onClick={() => onRemove(entry.id)} aria-label={`Remove ${title}`}>
            Remove
          </button>
        </td>
      </tr>
      <tr className={styles.staffingRow}>
        <td colSpan={COLUMNS}>
          {entryError ? <p className={styles.entryError}>{entryError}</p> : null}
          <fieldset className={styles.hours} aria-describedby={hoursError || hourErrors.length > 0 ? `${domId(base, errorKey(entry.id, 'staffed'))}-error` : undefined}>
            <legend className={styles.hoursLegend}>
              Reviewers on shift per UTC hour<span className="visually-hidden">, {title}</span>
            </legend>
            <div className={styles.hoursHeader}>
              <span className={styles.fill}>
                <label htmlFor={`${domId(base, entry.id)}-fill`}>Set every hour to</label>
                <input
                  id={`${domId(base, entry.id)}-fill`}
                  className={`input ${styles.input}`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  step={1}
                  value={fill}
                  onChange={(event) => setFill(event.target.value)}
                  onKeyDown={onFillKey}
                />
                <button type="button" className="button-secondary button-small" onClick={applyFill} disabled={fill.trim() === ''}>
                  Apply
                </button>
              </span>
            </div>
            <div className={styles.hourGrid}>
              {HOURS.map((hour) => {
                const key = errorKey(entry.id, `staffed.${hour}`)
                const id = domId(base, key)
                const invalid = errors[key] !== undefined
                return (
                  <div key={hour} className={styles.hour}>
                    <label htmlFor={id} className={styles.hourLabel}>
                      <span aria-hidden="true">{pad(hour)}</span>
                      <span className="visually-hidden">Reviewers on shift {hourRange(hour)}</span>
                    </label>
                    <input
                      id={id}
                      className={`${styles.hourInput} ${invalid || hoursError ? styles.invalid : ''}`}
                      style={levelStyle(tint[hour])}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      step={1}
                      value={entry.staffed[hour] ?? ''}
                      onChange={(event) => onHour(entry.id, hour, event.target.value)}
                      aria-invalid={invalid ? true : undefined}
                      title={hourRange(hour)}
                    />
                  </div>
                )
              })}
            </div>
            {hoursError || hourErrors.length > 0 ? (
              <ul className={styles.hoursErrors} id={`${domId(base, errorKey(entry.id, 'staffed'))}-error`}>
                {hoursError ? <li>{hoursError}</li> : null}
                {hourErrors.map(({ hour, message }) => (
                  <li key={hour}>
                    {hourRange(hour)}: {message}
                  </li>
                ))}
              </ul>
            ) : null}
          </fieldset>
        </td>
      </tr>
    </tbody>
  )
}
