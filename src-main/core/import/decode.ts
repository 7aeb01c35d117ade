import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'
import { ImportError } from './report.js'

export type TextEncoding = 'utf-8' | 'cp932'

export interface DecodedText {
  text: string
  encoding: TextEncoding
  bom: boolean
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
}

/** 1-based line of a byte offset (0x0A never occurs inside a UTF-8 or CP932 multi-byte character). */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++
  return line
}

function lineOfChar(text: string, index: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++
  return line
}

/** Byte offset of the first invalid UTF-8 sequence (strict: no overlongs, surrogates or > U+10FFFF). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      min = 0x800
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      min = 0x10000
    } else return i
    let cp = b & (0x3f >> need)
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return -1
}

/** The encoding of file bytes; for CP932 the decoded text too (decoding is how it is validated). */
export interface DetectedEncoding {
  encoding: TextEncoding
  bom: boolean
  /** The bytes after any BOM. */
  body: Uint8Array
  text?: string
}

/**
 * Decides the encoding. Detection: a BOM or strictly valid UTF-8 means UTF-8, anything else is
 * read as CP932. This is sound for the files we expect: Shift_JIS kana and kanji use lead bytes
 * 0x81–0x9F/0xE0–0xFC followed by trail bytes 0x40–0x7E, which almost never form valid UTF-8
 * sequences over a whole file, while pure-ASCII files decode identically either way. UTF-8 is
 * only validated here (natively), not decoded: the byte reader does not need the text.
 */
export function detectEncoding(bytes: Uint8Array, requested: 'auto' | 'utf-8' | 'shift_jis' | 'cp932', file: string): DetectedEncoding {
  const bom = hasUtf8Bom(bytes)
  const body = bom ? bytes.subarray(3) : bytes
  if (requested === 'utf-8' || requested === 'auto') {
    if (isUtf8(body)) return { encoding: 'utf-8', bom, body }
    if (requested === 'utf-8' || bom) {
      const bad = Math.max(0, firstInvalidUtf8(body)) + (bom ? 3 : 0)
      throw new ImportError('undecodable', file, `The file is not valid UTF-8 (byte offset ${bad}); try Shift_JIS.`, lineOfByte(bytes, bad))
    }
  }
  const text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'cp932')
  // iconv-lite marks byte sequences that are not CP932 with U+FFFD instead of failing.
  const bad = text.indexOf('\uFFFD')
  if (bad !== -1) {
    throw new ImportError('undecodable', file, 'The file is neither valid UTF-8 nor valid Shift_JIS (CP932).', lineOfChar(text, bad))
  }
  return { encoding: 'cp932', bom, body, text }
}

/** The text of detected bytes (decodes UTF-8 on demand). */
export function detectedText(detected: DetectedEncoding): string {
  const { body } = detected
  return detected.text ?? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
}

/** Decodes file bytes (see detectEncoding for how the encoding is chosen). */
export function decodeText(bytes: Uint8Array, requested: 'auto' | 'utf-8' | 'shift_jis' | 'cp932', file: string): DecodedText {
  const detected = detectEncoding(bytes, requested, file)
  return { text: detectedText(detected), encoding: detected.encoding, bom: detected.bom }
}
