import fs from 'node:fs'
import path from 'node:path'
import { asWriteError } from '../files/write-error.js'
import { exportFileName } from '../glossary.js'
import { exportDatasetCsv } from '../import/export-csv.js'
import type { NnmfEngineFactory } from '../models/nnmf/engine.js'
import { printHtmlToPdf } from '../report/pdf.js'
import { renderPilotReport } from '../report/render-report.js'
import { getDataset } from '../store/datasets.js'
import { getModel } from '../store/models.js'
import type { Db } from '../store/open.js'
import { getPilot } from '../store/pilots.js'
import { writeFileAtomically } from '../files/atomic-output.js'
import { exportCompletedMatrix } from './completed-matrix.js'
import { exportMissingPredictions } from './missing-predictions.js'
import type { ExportRequest } from './request.js'
import { exportRequestSchema } from './request.js'
import { exportRefusal } from './refusal.js'
import { exportRiskList } from './risk-list.js'

export interface WriteExportOptions {
  /** Engine for NNMF models' predictions (needed only when the export involves one). */
  nnmfEngine?: () => Promise<NnmfEngineFactory>
  signal?: AbortSignal
  /** Browser for the PDF (headless Chromium); found on the machine when absent. */
  chromiumPath?: string
}

/** A name people recognise for an export, in the export's language: what it is, of which dataset, model or pilot. */
export function exportBaseName(db: Db, request: ExportRequest): string {
  const parsed = exportRequestSchema.parse(request)
  const datasetOfModel = (modelId: number): string => {
    const model = getModel(db, modelId)
    if (!model) throw new Error(`There is no model with id ${modelId}.`)
    return model.datasetId === null ? model.name : (getDataset(db, model.datasetId)?.name ?? model.name)
  }
  switch (parsed.kind) {
    case 'dataset-csv':
      return `${getDataset(db, parsed.datasetId)?.name ?? `dataset ${parsed.datasetId}`}.csv`
    case 'completed-matrix':
      return exportFileName(datasetOfModel(parsed.modelId), 'completed', parsed.format, parsed.language)
    case 'missing-predictions':
      return exportFileName(datasetOfModel(parsed.modelIds[0]!), 'predictions', parsed.format, parsed.language)
    case 'risk-list':
      return exportFileName(datasetOfModel(parsed.modelId), 'risk', parsed.format, parsed.language)
    case 'pilot-report':
      return exportFileName(getPilot(db, parsed.pilotId)?.name ?? `pilot ${parsed.pilotId}`, 'report', parsed.format, parsed.language)
  }
}

/**
 * Writes one export to `outPath`: a dataset back to CSV, a model's completed matrix, its predictions
 * for the missing cells, a risk list, or a pilot's report (HTML, or PDF printed by Chromium). The
 * app's export job and the CLI's `export` command both come here.
 */
export async function writeExport(db: Db, request: ExportRequest, outPath: string, options: WriteExportOptions = {}): Promise<void> {
  const parsed = exportRequestSchema.parse(request)
  const refusal = exportRefusal(db, parsed)
  if (refusal) throw refusal
  const engine = async () => (options.nnmfEngine ? { nnmfEngine: await options.nnmfEngine() } : {})
  switch (parsed.kind) {
    case 'dataset-csv':
      if (!getDataset(db, parsed.datasetId)) throw new Error(`There is no dataset with id ${parsed.datasetId}.`)
      return exportDatasetCsv(db, parsed.datasetId, outPath, { rawLabels: parsed.rawLabels })
    case 'completed-matrix':
      await exportCompletedMatrix(db, parsed.modelId, { ...parsed, ...(await engine()) }, outPath)
      return
    case 'missing-predictions':
      await exportMissingPredictions(db, parsed.modelIds, { ...parsed, ...(await engine()) }, outPath)
      return
    case 'risk-list':
      await exportRiskList(db, parsed.modelId, { ...parsed, ...(await engine()), ...(options.signal ? { signal: options.signal } : {}) }, outPath)
      return
    case 'pilot-report': {
      const pilot = getPilot(db, parsed.pilotId)
      if (!pilot) throw new Error(`There is no pilot with id ${parsed.pilotId}.`)
      const dataset = pilot.datasetId === null ? null : (getDataset(db, pilot.datasetId) ?? null)
      const html = renderPilotReport({ pilot, dataset, language: parsed.language })
      if (parsed.format === 'html') return writeFileAtomically(outPath, html)
      const htmlPath = path.join(path.dirname(outPath), `.${path.basename(outPath)}.${process.pid}.html`)
      // Both the page Chromium prints and the PDF are written whole or not at all (disk full included).
      try {
        await fs.promises.writeFile(htmlPath, html)
        await printHtmlToPdf(htmlPath, outPath, {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.chromiumPath ? { chromiumPath: options.chromiumPath } : {}),
        })
      } catch (error) {
        throw asWriteError(error, outPath)
      } finally {
        fs.rmSync(htmlPath, { force: true })
      }
    }
  }
}
