import { z } from 'zod'
import { datasetIdSchema, datasetSummarySchema } from './schemas.js'

/** Dataset browser requests and results: the overview of one dataset and one column's distribution. */

export const columnStatsSchema = z.object({
  index: z.number().int().nonnegative(),
  label: z.string(),
  count: z.number().int().nonnegative(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
})
export type ColumnStatsDto = z.infer<typeof columnStatsSchema>

/**
 * The observed mask shrunk to at most 200 × 200 blocks. Block row b covers matrix rows
 * rowStarts[b] … rowStarts[b+1]−1 (likewise columns); `observed` counts observed cells per block,
 * row-major, so a block's observed fraction is observed / (its rows × its columns).
 */
export const maskBlocksSchema = z.object({
  blockRows: z.number().int().nonnegative(),
  blockCols: z.number().int().nonnegative(),
  rowStarts: z.array(z.number().int().nonnegative()),
  colStarts: z.array(z.number().int().nonnegative()),
  observed: z.array(z.number().int().nonnegative()),
})
export type MaskBlocksDto = z.infer<typeof maskBlocksSchema>

export const importIssueBriefSchema = z.object({ reason: z.string(), line: z.number(), column: z.string(), raw: z.string() })

export const importColumnSchema = z.object({ index: z.number().int().nonnegative().nullable(), name: z.string().nullable() })
export type ImportColumnDto = z.infer<typeof importColumnSchema>

export const importRecordSchema = z.object({
  fileName: z.string(),
  fileSize: z.number().nonnegative(),
  sha256: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  source: z.object({
    format: z.string().nullable(),
    encoding: z.string().nullable(),
    bom: z.boolean().nullable(),
    delimiter: z.string().nullable(),
    sheet: z.string().nullable(),
  }),
  settings: z.object({
    layout: z.string().nullable(),
    valueKind: z.string().nullable(),
    missingTokens: z.array(z.string()).nullable(),
    duplicatePolicy: z.string().nullable(),
    badCellPolicy: z.string().nullable(),
    range: z.object({ min: z.number(), max: z.number() }).nullable(),
    /** A column by 0-based position and/or header name; timeColumn is null when no column was read as times. */
    keyColumn: importColumnSchema.nullable(),
    timeColumn: importColumnSchema.nullable(),
  }),
  /** Bad cells per reason; with the "treat as missing" policy these cells were stored as missing. */
  badCells: z.record(z.string(), z.number()),
  readStats: z.record(z.string(), z.number()),
  issues: z.array(importIssueBriefSchema),
  issuesStored: z.number().int().nonnegative(),
})
export type ImportRecordDto = z.infer<typeof importRecordSchema>

export const datasetDetailsSchema = z.object({
  summary: datasetSummarySchema,
  observedFraction: z.number().min(0).max(1),
  columns: z.array(columnStatsSchema),
  /** Rows (columns) per coverage bin: 0–10%, 10–20%, …, 90–100% of their cells observed. */
  rowCoverage: z.array(z.number().int().nonnegative()),
  columnCoverage: z.array(z.number().int().nonnegative()),
  mask: maskBlocksSchema,
  imports: z.array(importRecordSchema),
})
export type DatasetDetails = z.infer<typeof datasetDetailsSchema>

export const histogramBinSchema = z.object({ lo: z.number(), hi: z.number(), count: z.number().int().nonnegative() })
export type HistogramBinDto = z.infer<typeof histogramBinSchema>

export const columnDistributionSchema = z.object({
  column: columnStatsSchema,
  valueKind: z.enum(['numeric', 'binary']),
  bins: z.array(histogramBinSchema),
})
export type ColumnDistributionDto = z.infer<typeof columnDistributionSchema>

export const datasetRequestSchema = z.object({ id: datasetIdSchema }).strict()
export const columnDistributionRequestSchema = z.object({ id: datasetIdSchema, column: z.number().int().nonnegative() }).strict()

/** A row of a dataset by its index (0-based), label and number of observed cells. */
export const rowRefSchema = z.object({ index: z.number().int().nonnegative(), label: z.string(), observed: z.number().int().nonnegative() })
export type RowRefDto = z.infer<typeof rowRefSchema>

/** Rows whose label contains the query (an empty query: the first rows), for the similar-rows picker. */
export const rowSearchRequestSchema = z.object({ id: datasetIdSchema, query: z.string().max(200), limit: z.number().int().min(1).max(50) }).strict()
export const rowSearchSchema = z.object({ rows: z.array(rowRefSchema), more: z.boolean() })
export type RowSearchDto = z.infer<typeof rowSearchSchema>

/**
 * A row's most similar rows by the kNN model's shrunk Pearson-baseline similarity, most similar
 * first; `shared` is the number of varying columns both rows have observed: the `constantColumns`
 * (whose observed values never change) are left out of the comparison. `note` says why the list is
 * empty ('too-few-values': the row has under two values in varying columns; 'no-similar-rows': no
 * row moves with it).
 */
export const similarRowsRequestSchema = z.object({ id: datasetIdSchema, row: z.number().int().nonnegative(), k: z.number().int().min(1).max(50) }).strict()
export const similarRowsSchema = z.object({
  row: rowRefSchema,
  neighbours: z.array(rowRefSchema.extend({ similarity: z.number().min(0).max(1.000001), shared: z.number().int().nonnegative() })),
  shrinkage: z.number().nonnegative(),
  constantColumns: z.number().int().nonnegative(),
  note: z.enum(['too-few-values', 'no-similar-rows']).nullable(),
})
export type SimilarRowsDto = z.infer<typeof similarRowsSchema>
