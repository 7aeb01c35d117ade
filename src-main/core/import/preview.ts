import fs from 'node:fs/promises'
import path from 'node:path'
import { guessLayout, type SuggestedMapping } from './layout-guess.js'
import { parseImportOptions } from './import-file.js'
import type { ImportOptions } from './options.js'
import { ImportError } from './report.js'
import { openSource, type SourceInfo } from './source.js'
import { isBlankRecord } from './table.js'
import { looksLikeZip } from './xlsx-reader.js'

export const PREVIEW_ROWS = 20
/** Text files are previewed from their first bytes only, so a huge file previews instantly. */
const PREVIEW_BYTES = 1 << 20

export interface ImportPreview {
  file: string
  fileSize: number
  source: SourceInfo
  header: string[]
  /** The first data rows as text, exactly as read. */
  rows: string[][]
  /** The 1-based line (sheet row for XLSX) of each previewed row. */
  rowLines: number[]
  suggested: SuggestedMapping
  /** Physical lines in the whole file (sheet rows for XLSX). */
  totalLines: number
}

class EnoughRows extends Error {}

/** Detects format, encoding and delimiter and shows the first rows with a suggested mapping. */
export async function previewImport(filePath: string, options?: ImportOptions): Promise<ImportPreview> {
  const file = path.basename(filePath)
  const resolved = parseImportOptions(options, file)
  let handle: fs.FileHandle
  try {
    handle = await fs.open(filePath, 'r')
  } catch (error) {
    throw new ImportError('file-unreadable', file, `Cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`)
  }
  let bytes: Uint8Array
  let fileSize: number
  let totalLines: number | undefined
  try {
    fileSize = (await handle.stat()).size
    const head = Buffer.alloc(Math.min(fileSize, 4))
    await handle.read(head, 0, head.length, 0)
    const isXlsx = resolved.format === 'xlsx' || (resolved.format === 'auto' && (looksLikeZip(head) || /\.xlsx$/i.test(file)))
    if (isXlsx || fileSize <= PREVIEW_BYTES) {
      bytes = await handle.readFile()
    } else {
      const chunk = Buffer.alloc(PREVIEW_BYTES)
      await handle.read(chunk, 0, PREVIEW_BYTES, 0)
      // Cut at the last line break: 0x0A is never part of a UTF-8 or CP932 multi-byte character.
      const cut = chunk.lastIndexOf(0x0a)
      bytes = cut > 0 ? chunk.subarray(0, cut + 1) : chunk
      totalLines = await countLines(handle, fileSize)
    }
  } finally {
    await handle.close()
  }
  const source = await openSource(bytes, resolved, file)
  let header: string[] | undefined
  const rows: string[][] = []
  const rowLines: number[] = []
  try {
    await source.read((fields, line) => {
      if (!header) {
        if (!isBlankRecord(fields)) header = [...fields]
        return
      }
      rows.push([...fields])
      rowLines.push(line)
      if (rows.length >= PREVIEW_ROWS) throw new EnoughRows()
    }, {})
  } catch (error) {
    if (!(error instanceof EnoughRows)) throw error
  }
  if (!header) throw new ImportError('empty-file', file, 'The file contains no data (only blank rows).')
  return {
    file,
    fileSize,
    source: source.info,
    header,
    rows,
    rowLines,
    suggested: guessLayout(header, rows),
    totalLines: totalLines ?? source.lineCount(),
  }
}

/** Counts physical lines by scanning for line feeds in 1 MiB blocks. */
async function countLines(handle: fs.FileHandle, size: number): Promise<number> {
  const block = Buffer.alloc(1 << 20)
  let lines = 0
  let last = 0x0a
  for (let pos = 0; pos < size;) {
    const { bytesRead } = await handle.read(block, 0, block.length, pos)
    if (bytesRead === 0) break
    for (let i = block.indexOf(0x0a, 0); i !== -1 && i < bytesRead; i = block.indexOf(0x0a, i + 1)) lines++
    last = block[bytesRead - 1]!
    pos += bytesRead
  }
  return last === 0x0a ? lines : lines + 1
}
