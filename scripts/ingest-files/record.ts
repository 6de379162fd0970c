/** What every file reader yields: decoded values in file order, the input `validateValues` takes (pure). */

/** One event position: a decoded JSON-like value, or why it could not be decoded. */
export type DecodedValue = { value: unknown } | { error: string }

/** Up to one ingest batch of decoded values; `lines[i]` is the 1-based line of value i when the format has lines. */
export interface DecodedChunk {
  values: DecodedValue[]
  lines?: number[]
}

/** SPEC §2 attributes arrive from flat formats either as one JSON column or as `attributes.<key>` columns. */
export const ATTRIBUTES_FIELD = 'attributes'
export const ATTRIBUTE_COLUMN_PREFIX = 'attributes.'

/**
 * Folds `attributes.<key>` entries into `attributes` (they win over keys of the same name in a
 * JSON `attributes` value) and parses a JSON `attributes` string. Works on the object in place.
 */
export function assembleAttributes(record: Record<string, unknown>): DecodedValue {
  let attributes: unknown = record[ATTRIBUTES_FIELD]
  if (typeof attributes === 'string') {
    try {
      attributes = JSON.parse(attributes)
    } catch {
      return { error: 'attributes: must be a JSON object of strings (the value is not valid JSON)' }
    }
  }
  let columns: Record<string, unknown> | undefined
  for (const key of Object.keys(record)) {
    if (!key.startsWith(ATTRIBUTE_COLUMN_PREFIX)) continue
    const value = record[key]
    delete record[key]
    if (value === undefined) continue
    ;(columns ??= {})[key.slice(ATTRIBUTE_COLUMN_PREFIX.length)] = value
  }
  if (columns) {
    // A non-object `attributes` with attribute columns is left as is: validation names it.
    attributes = attributes === undefined ? columns : isPlainObject(attributes) ? { ...attributes, ...columns } : attributes
  }
  if (attributes === undefined) delete record[ATTRIBUTES_FIELD]
  else record[ATTRIBUTES_FIELD] = attributes
  return { value: record }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A file that cannot be read as its format at all (the API's 400 for a body): names the file's problem. */
export class FileFormatError extends Error {
  readonly code = 'invalid_file'
}
