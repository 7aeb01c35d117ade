import { z } from 'zod'
import { importOptionsSchema } from '../core/import/options.js'

/** Import requests and results. The options schema is the import core's own, so both sides agree. */
export { importOptionsSchema }
export type { ImportOptions } from '../core/import/options.js'

/** The dataset name of the shipped sample (UCI SECOM); its CC BY 4.0 licence asks for attribution wherever it shows. */
export const SAMPLE_DATASET_NAME = 'UCI SECOM (sample)'

export const uploadIdSchema = z.string().uuid()

export const importSourceSchema = z.object({
  format: z.enum(['csv', 'tsv', 'xlsx']),
  encoding: z.enum(['utf-8', 'cp932']).nullable(),
  bom: z.boolean(),
  delimiter: z.enum(['comma', 'tab', 'semicolon']).nullable(),
  sheets: z.array(z.string()).nullable(),
  sheet: z.string().nullable(),
})

export const importPreviewSchema = z.object({
  file: z.string(),
  fileSize: z.number(),
  source: importSourceSchema,
  header: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  rowLines: z.array(z.number()),
  suggested: z.object({
    layout: z.enum(['wide', 'long']),
    keyColumn: z.number(),
    columnColumn: z.number().optional(),
    valueColumn: z.number().optional(),
    timeColumn: z.number().optional(),
  }),
  totalLines: z.number(),
  /** Datasets already imported from a file with the same bytes (SHA-256), so the UI can warn. */
  alreadyImported: z.array(z.object({ id: z.number(), name: z.string() })).default([]),
})
export type ImportPreviewDto = z.infer<typeof importPreviewSchema>

export const importIssueSchema = z.object({
  reason: z.string(),
  line: z.number(),
  column: z.string(),
  raw: z.string(),
  message: z.string(),
})
export type ImportIssueDto = z.infer<typeof importIssueSchema>

export const importReportSchema = z.object({
  counts: z.record(z.string(), z.number()),
  issues: z.array(importIssueSchema),
  totalIssues: z.number(),
})
export type ImportReportDto = z.infer<typeof importReportSchema>

/** What an import job ends with: a stored dataset, or (bad cells, policy 'abort') a report and nothing stored. */
export const importOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    datasetId: z.number(),
    report: importReportSchema,
    stats: z.object({ nRows: z.number(), nCols: z.number(), nObserved: z.number() }).passthrough(),
  }),
  z.object({ ok: z.literal(false), report: importReportSchema }),
])
export type ImportOutcome = z.infer<typeof importOutcomeSchema>
