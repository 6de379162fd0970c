import { assembleAttributes, FileFormatError, type DecodedChunk, type DecodedValue } from './record'

/** One CSV record: its fields, the line it starts on (1-based) and what was wrong with its quoting. */
export interface CsvRecord {
  fields: string[]
  line: number
  error?: string
}

const COMMA = 0x2c
const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: the end of the field, or the first half of `""`. */
  QuoteInQuoted,
  /** After the closing quote: only a comma or the end of the line may follow. */
  AfterQuoted,
}

/**
 * An incremental RFC 4180 parser: comma-separated, fields optionally in double quotes, `""` a
 * quote inside a quoted field, quoted fields may hold commas and line breaks, records end at
 * CRLF, LF or CR. Blank lines are skipped. Text after a closing quote, or a quoted field still
 * open at the end of the input, marks that record with an error instead of guessing.
 */
export class CsvParser {
  private state = State.FieldStart
  private field = ''
  private fields: string[] = []
  private error: string | undefined
  private line = 1
  private recordLine = 1
  private skipLineFeed = false

  /** Parses the next piece of text; returns the records completed by it. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = []
    let start = 0
    const length = text.length
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i)
      if (this.skipLineFeed) {
        this.skipLineFeed = false
        if (c === LF) {
          start = i + 1
          continue
        }
      }
      switch (this.state) {
        case State.Quoted:
          if (c === QUOTE) {
            this.field += text.slice(start, i)
            this.state = State.QuoteInQuoted
          } else if (c === LF) {
            this.line++
          }
          continue
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"'
            start = i + 1
            this.state = State.Quoted
            continue
          }
          this.state = State.AfterQuoted
          break
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted
            start = i + 1
            continue
          }
          this.state = State.Unquoted
          start = i
          break
        default:
          break
      }
      // Unquoted or AfterQuoted: look for the end of the field or record.
      if (c === COMMA) {
        if (this.state === State.Unquoted) this.field += text.slice(start, i)
        this.endField()
        start = i + 1
      } else if (c === LF || c === CR) {
        if (this.state === State.Unquoted) this.field += text.slice(start, i)
        this.endField()
        this.endRecord(out)
        this.line++
        this.recordLine = this.line
        if (c === CR) this.skipLineFeed = true
        start = i + 1
      } else if (this.state === State.AfterQuoted) {
        this.error ??= `row: unexpected text after a closing quote (a quote inside a quoted field is written "")`
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.field += text.slice(start)
    return out
  }

  /** Ends the input: the last record even without a final newline. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = []
    if (this.state === State.Quoted) this.error ??= 'row: a quoted field is not closed before the end of the file'
    if (this.state !== State.FieldStart || this.fields.length > 0) {
      this.endField()
      this.endRecord(out)
    }
    return out
  }

  private endField(): void {
    this.fields.push(this.field)
    this.field = ''
    this.state = State.FieldStart
  }

  private endRecord(out: CsvRecord[]): void {
    // A blank line is one empty field; so is a line holding only "", which no event can be either.
    const blank = this.fields.length === 1 && this.fields[0] === '' && !this.error
    if (!blank) out.push(this.error ? { fields: this.fields, line: this.recordLine, error: this.error } : { fields: this.fields, line: this.recordLine })
    this.fields = []
    this.error = undefined
  }
}

/** SPEC §2 numeric fields: a CSV cell holding a number becomes a JSON number. */
const NUMERIC_FIELDS = new Set(['confidence', 'propensity', 'threshold', 'policy_version', 'duration_ms'])
/** Timestamps: a number is epoch milliseconds; anything else stays a string (ISO-8601). */
const TIMESTAMP_FIELDS = new Set(['ts', 'started_at'])
/** A decimal number as CSV writers print it (no hex, no Infinity, no thousands separators). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/** Column names from the header row; a blank name drops its column. */
export interface CsvHeader {
  names: Array<string | undefined>
}

export function parseCsvHeader(record: CsvRecord): CsvHeader {
  if (record.error) throw new FileFormatError(`header (line ${record.line}): ${record.error.replace(/^row: /, '')}`)
  const seen = new Set<string>()
  const names = record.fields.map((raw, i) => {
    const name = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim()
    if (name === '') return undefined
    if (seen.has(name)) throw new FileFormatError(`header (line ${record.line}): the column "${name}" appears twice`)
    seen.add(name)
    return name
  })
  if (!seen.has('type')) {
    throw new FileFormatError(`header (line ${record.line}): no "type" column; the first row must name the fields (type, ts, model, item_id, ...)`)
  }
  return { names }
}

/** Converts one cell: empty → absent, numbers for numeric fields, the text otherwise. */
export function convertCsvCell(name: string, cell: string): unknown {
  if (cell === '') return undefined
  if (NUMERIC_FIELDS.has(name) || TIMESTAMP_FIELDS.has(name)) {
    const trimmed = cell.trim()
    // A non-number stays text: for a numeric field validation then says "must be a number".
    if (DECIMAL.test(trimmed)) return Number(trimmed)
  }
  return cell
}

/** A CSV record as the JSON object an API client would have sent. */
export function csvRecordToValue(header: CsvHeader, record: CsvRecord): DecodedValue {
  if (record.error) return { error: record.error }
  if (record.fields.length !== header.names.length) {
    return { error: `row: has ${record.fields.length} fields, the header has ${header.names.length}` }
  }
  const value: Record<string, unknown> = {}
  for (let i = 0; i < header.names.length; i++) {
    const name = header.names[i]
    if (name === undefined) continue
    const converted = convertCsvCell(name, record.fields[i])
    if (converted !== undefined) value[name] = converted
  }
  return assembleAttributes(value)
}

/**
 * Streams a CSV file: the header row, then one decoded value per record, at most `batchSize`
 * per chunk, with the line each record starts on.
 */
export async function* readCsv(chunks: AsyncIterable<Uint8Array>, batchSize: number): AsyncGenerator<DecodedChunk> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const parser = new CsvParser()
  let header: CsvHeader | undefined
  let values: DecodedValue[] = []
  let lines: number[] = []
  let decodedBytes = 0
  function* take(records: CsvRecord[]): Generator<DecodedChunk> {
    for (const record of records) {
      if (!header) {
        header = parseCsvHeader(record)
        continue
      }
      values.push(csvRecordToValue(header, record))
      lines.push(record.line)
      if (values.length >= batchSize) {
        yield { values, lines }
        values = []
        lines = []
      }
    }
  }
  const decode = (bytes: Uint8Array | undefined): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode()
    } catch {
      throw new FileFormatError(`not valid UTF-8 (within the bytes ${decodedBytes}–${decodedBytes + (bytes?.length ?? 0)})`)
    }
  }
  for await (const chunk of chunks) {
    const text = decode(chunk)
    decodedBytes += chunk.length
    yield* take(parser.push(text))
  }
  yield* take(parser.push(decode(undefined)))
  yield* take(parser.end())
  if (!header) throw new FileFormatError('empty: a CSV file needs a header row naming the fields')
  if (values.length > 0) yield { values, lines }
}
