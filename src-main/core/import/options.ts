import { z } from 'zod'

/** A column chosen by its header name or by its 0-based position. */
export const columnRefSchema = z.union([z.string().min(1), z.number().int().nonnegative()])
export type ColumnRef = z.infer<typeof columnRefSchema>

export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'NaN', 'NA', '#N/A', '-']

export const DELIMITERS = { comma: ',', tab: '\t', semicolon: ';' } as const
export type DelimiterName = keyof typeof DELIMITERS

/**
 * Everything the user can choose for an import. 'auto' means "detect from the file"; the preview
 * reports what was detected so the UI can show and override it.
 */
export const importOptionsSchema = z
  .object({
    /** Dataset name; defaults to the file name without extension. */
    name: z.string().trim().min(1).max(200).optional(),
    format: z.enum(['auto', 'csv', 'tsv', 'xlsx']).default('auto'),
    /** 'shift_jis' is read as CP932, its Windows superset that Japanese systems actually write. */
    encoding: z.enum(['auto', 'utf-8', 'shift_jis', 'cp932']).default('auto'),
    delimiter: z.enum(['auto', 'comma', 'tab', 'semicolon']).default('auto'),
    /** XLSX sheet by name or 0-based position; default the first sheet. */
    sheet: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
    layout: z.enum(['auto', 'wide', 'long']).default('auto'),
    /** Row key column (wide and long); default the first column. */
    keyColumn: columnRefSchema.optional(),
    /** Long layout: the column holding the column key; default the second column. */
    columnColumn: columnRefSchema.optional(),
    /** Long layout: the value column; default the third column. */
    valueColumn: columnRefSchema.optional(),
    /**
     * Optional timestamp column (a date, ISO or 2024/1/5 8:00, or a number of ms since the epoch).
     * Long layout: any column. Wide layout: only the row key column, whose labels are then the
     * rows' times; a guessed wide layout sets it when every label is a date.
     */
    timeColumn: columnRefSchema.optional(),
    /** Cell contents (after trimming spaces) read as "not observed". */
    missingTokens: z
      .array(z.string())
      .max(100)
      .default([...DEFAULT_MISSING_TOKENS]),
    valueKind: z.enum(['numeric', 'binary']).default('numeric'),
    range: z
      .object({ min: z.number(), max: z.number() })
      .refine((r) => r.min <= r.max, { message: 'range.min must not exceed range.max' })
      .optional(),
    duplicatePolicy: z.enum(['error', 'mean', 'last']).default('error'),
    badCellPolicy: z.enum(['abort', 'missing']).default('abort'),
  })
  .strict()

/** Options as a caller writes them (every field with a default may be left out). */
export type ImportOptions = z.input<typeof importOptionsSchema>
/** Options after validation, defaults filled in. */
export type ResolvedImportOptions = z.output<typeof importOptionsSchema>
