import type { ImportReport } from '../core/import/report.js'
import type { DatasetSummary } from '../core/store/datasets.js'
import type { ModelRecord } from '../core/store/models.js'

/**
 * The JSON shapes of the CLI, built field by field (not the store's records passed through), so
 * the documented interface stays put when the store's types grow. See README.md, "Command line".
 */

export function datasetJson(d: DatasetSummary) {
  return {
    id: d.id,
    name: d.name,
    valueKind: d.valueKind,
    layout: d.layout,
    nRows: d.nRows,
    nCols: d.nCols,
    nObserved: d.nObserved,
    density: d.nRows * d.nCols > 0 ? d.nObserved / (d.nRows * d.nCols) : 0,
    createdAt: d.createdAt,
  }
}

export function modelJson(m: ModelRecord) {
  return {
    id: m.id,
    datasetId: m.datasetId,
    kind: m.kind,
    name: m.name,
    status: m.status,
    engine: m.engine,
    backend: m.backend,
    seed: m.seed,
    metrics: m.metrics,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  }
}

/** Issue counts by reason and the first issues in full (at most 20 here; all counts are kept). */
export function issuesJson(report: ImportReport) {
  return {
    total: report.totalIssues,
    counts: report.counts,
    first: report.issues.slice(0, 20).map((i) => ({ reason: i.reason, line: i.line, column: i.column, raw: i.raw, message: i.message })),
  }
}

/** Fixed-width text table for people. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, j) => c.padEnd(widths[j]!))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)]
}
