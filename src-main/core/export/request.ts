import { z } from 'zod'

/**
 * CSV only: write labels exactly as stored, without the formula guard (files/csv-field.ts). For
 * scripts; a file opened in a spreadsheet should keep the guard. XLSX labels are always as stored.
 */
const rawLabels = z.boolean().default(false)

/** What the user can export, each written by a job into the data folder and handed back as a Download. */
export const exportRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dataset-csv'), datasetId: z.number().int().positive(), rawLabels }).strict(),
  z
    .object({
      kind: z.literal('completed-matrix'),
      modelId: z.number().int().positive(),
      format: z.enum(['csv', 'xlsx']),
      layout: z.enum(['wide', 'long']).default('long'),
      language: z.enum(['ja', 'en']).default('en'),
      rawLabels,
    })
    .strict(),
  z
    .object({
      kind: z.literal('missing-predictions'),
      modelIds: z.array(z.number().int().positive()).min(1).max(20),
      format: z.enum(['csv', 'xlsx']),
      language: z.enum(['ja', 'en']).default('en'),
      rawLabels,
    })
    .strict(),
  z
    .object({
      kind: z.literal('risk-list'),
      modelId: z.number().int().positive(),
      topN: z.number().int().min(1).max(100_000).default(100),
      format: z.enum(['csv', 'xlsx']),
      language: z.enum(['ja', 'en']).default('en'),
      rawLabels,
    })
    .strict(),
  z
    .object({
      kind: z.literal('pilot-report'),
      pilotId: z.number().int().positive(),
      format: z.enum(['html', 'pdf']),
      language: z.enum(['ja', 'en']),
    })
    .strict(),
])
export type ExportRequest = z.input<typeof exportRequestSchema>
