import type { ExportLanguage } from './texts.js'
import { LEGEND_TEXTS } from './texts.js'
import { addRow, HEADER_STYLE, PREDICTED_STYLE, type XlsxWorkbookWriter } from './xlsx-writer.js'

export interface LegendContent {
  title: 'completedTitle' | 'missingTitle' | 'riskTitle'
  datasetName: string
  valueKind: 'numeric' | 'binary'
  models: readonly { tag: string; name: string }[]
  exportedAt: Date
  /** Show the observed / predicted sample cells (completed matrix only). */
  showCellStyles: boolean
  columns: readonly string[]
  notes?: readonly ('longColumns' | 'spreadNote' | 'riskNote')[]
}

/** The "legend" sheet: what the file holds, how predicted cells look, what each column means. */
export function addLegendSheet(workbook: XlsxWorkbookWriter, language: ExportLanguage, content: LegendContent): void {
  const t = LEGEND_TEXTS[language]
  const sheet = workbook.addWorksheet('legend')
  sheet.columns = [{ width: 28 }, { width: 90 }]
  const add = (values: (string | null)[], style?: { column: number; style: typeof PREDICTED_STYLE }): void => {
    addRow(sheet, values, (c) => (style && c + 1 === style.column ? style.style : undefined))
  }
  add([t[content.title]], { column: 1, style: HEADER_STYLE })
  add([t.dataset, content.datasetName])
  add([content.models.length > 1 ? t.models : t.model, content.models.map((m) => `${m.tag} ${m.name}`).join(', ')])
  add([t.exportedAt, content.exportedAt.toISOString()])
  add([content.valueKind === 'binary' ? t.unitsBinary : t.unitsNumeric])
  if (content.showCellStyles) {
    add([])
    add(['1.23', t.observedCell])
    add(['4.56', t.predictedCell], { column: 1, style: PREDICTED_STYLE })
  }
  for (const note of content.notes ?? []) add([t[note]])
  add([])
  add([t.columnsHeading], { column: 1, style: HEADER_STYLE })
  for (const column of content.columns) add([column, t.columns[column] ?? ''])
  sheet.commit()
}
