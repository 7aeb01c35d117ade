import { checkpoint, type ImportControl } from './control.js'

/**
 * One record as byte ranges of the file: field i is bytes[starts[i], ends[i]). The object and its
 * arrays are reused for the next record.
 */
export interface ByteRecord {
  bytes: Buffer
  starts: Int32Array
  ends: Int32Array
  count: number
  /** 1-based physical line. */
  line: number
}

export type ByteRecordSink = (record: ByteRecord) => void

/** Field i as text (the bytes are valid UTF-8, checked when the file was opened). */
export function fieldText(record: ByteRecord, i: number): string {
  // Buffer decoding keeps a leading U+FEFF, as decoding the whole text does (TextDecoder would drop it).
  return record.bytes.toString('utf8', record.starts[i]!, record.ends[i]!)
}

/** Every field as text, for the general (string) path. */
export function recordTexts(record: ByteRecord): string[] {
  const out = new Array<string>(record.count)
  for (let i = 0; i < record.count; i++) out[i] = fieldText(record, i)
  return out
}

/**
 * Whether the bytes can be read line by line: no double quote (so no quoted field) and no
 * carriage return other than in CRLF (csv-parse counts a lone CR as a line break). The text
 * reader's plain path has the same condition; ASCII bytes never occur inside a UTF-8 character.
 */
export function isPlainBytes(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buffer.indexOf(0x22) !== -1) return false
  for (let i = buffer.indexOf(0x0d); i !== -1; i = buffer.indexOf(0x0d, i + 1)) if (buffer[i + 1] !== 0x0a) return false
  return true
}

const YIELD_EVERY_LINES = 50_000

/**
 * The byte twin of the text reader's plain path (delimited-reader.ts readPlain): the same records
 * with the same line numbers, as byte ranges instead of strings, so a builder can read keys and
 * numbers without making a string per field. A test compares the two on random text.
 */
export async function readPlainBytes(bytes: Uint8Array, delimiter: number, sink: ByteRecordSink, control: ImportControl, file: string): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const length = buffer.length
  const record: ByteRecord = { bytes: buffer, starts: new Int32Array(64), ends: new Int32Array(64), count: 0, line: 0 }
  let start = 0
  let line = 0
  while (start < length) {
    let end = buffer.indexOf(0x0a, start)
    let next: number
    if (end === -1) {
      end = length
      next = end
    } else {
      next = end + 1
      if (end > start && buffer[end - 1] === 0x0d) end--
    }
    line++
    if (end > start) {
      let count = 0
      let from = start
      for (let i = start; i < end; i++) {
        if (buffer[i] !== delimiter) continue
        if (count + 1 >= record.starts.length) grow(record)
        record.starts[count] = from
        record.ends[count] = i
        count++
        from = i + 1
      }
      if (count >= record.starts.length) grow(record)
      record.starts[count] = from
      record.ends[count] = end
      record.count = count + 1
      record.line = line
      sink(record)
    }
    start = next
    if (line % YIELD_EVERY_LINES === 0) {
      control.onProgress?.({ phase: 'parse', done: start, total: length })
      await checkpoint(control, file)
    }
  }
  control.onProgress?.({ phase: 'parse', done: length, total: length })
}

function grow(record: ByteRecord): void {
  const starts = new Int32Array(record.starts.length * 2)
  const ends = new Int32Array(record.ends.length * 2)
  starts.set(record.starts)
  ends.set(record.ends)
  record.starts = starts
  record.ends = ends
}

/**
 * Whether bytes[start, end) (valid UTF-8) begins with a character that String.prototype.trim
 * keeps: then the field is not blank (table.ts isBlank). Visible ASCII is decided from one byte;
 * other characters (Japanese labels) are decoded and checked against trim's white space.
 */
export function startsVisible(bytes: Uint8Array, start: number, end: number): boolean {
  if (start >= end) return false
  const b = bytes[start]!
  if (b < 0x80) return b > 32 && b < 127
  let cp: number
  if (b < 0xe0) cp = ((b & 0x1f) << 6) | (bytes[start + 1]! & 0x3f)
  else if (b < 0xf0) cp = ((b & 0x0f) << 12) | ((bytes[start + 1]! & 0x3f) << 6) | (bytes[start + 2]! & 0x3f)
  else return true // U+10000 and above: no white space there
  return !isTrimmedSpace(cp)
}

/** The non-ASCII code points String.prototype.trim removes (WhiteSpace and LineTerminator). */
function isTrimmedSpace(cp: number): boolean {
  return (
    cp === 0x00a0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000 ||
    cp === 0xfeff
  )
}
