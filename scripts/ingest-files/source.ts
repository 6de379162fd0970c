import fs from 'node:fs'
import { pipeline } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { Readable } from 'node:stream'

/** Read size: large enough that per-chunk overhead vanishes, small enough to keep memory flat. */
const READ_CHUNK_BYTES = 1024 * 1024

/** Bytes read from disk so far (compressed bytes for a gzipped file): what progress is measured in. */
export interface ByteCounter {
  bytesRead: number
}

/** The file's bytes as a stream, gunzipped when `gzip`; `counter` follows the bytes read from disk. */
export function openByteStream(path: string, gzip: boolean, counter: ByteCounter = { bytesRead: 0 }): Readable {
  const raw = fs.createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })
  raw.on('data', (chunk) => {
    counter.bytesRead += chunk.length
  })
  if (!gzip) return raw
  const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES })
  // pipeline() destroys both streams on an error, so the consumer's iteration throws it.
  pipeline(raw, gunzip, () => undefined)
  return gunzip
}

/** The whole (decompressed) file in memory: for JSON documents and Parquet, which need it. */
export async function readWhole(path: string, gzip: boolean, counter?: ByteCounter): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of openByteStream(path, gzip, counter)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Up to `bytes` raw bytes from the start of a file. */
export function readRawHead(path: string, bytes: number): Buffer {
  const fd = fs.openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const read = fs.readSync(fd, buffer, 0, bytes, 0)
    return buffer.subarray(0, read)
  } finally {
    fs.closeSync(fd)
  }
}

/** Up to `bytes` decompressed bytes from the start of a file, and whether that is all of it. */
export async function readHead(path: string, gzip: boolean, bytes: number): Promise<{ head: Buffer; complete: boolean }> {
  if (!gzip) {
    const head = readRawHead(path, bytes + 1)
    return { head: head.subarray(0, bytes), complete: head.length <= bytes }
  }
  const stream = openByteStream(path, true)
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer)
      size += (chunk as Buffer).length
      if (size > bytes) break
    }
  } finally {
    stream.destroy()
  }
  const head = Buffer.concat(chunks)
  return { head: head.subarray(0, bytes), complete: head.length <= bytes }
}
