/** The pilot report: HTML (renderPilotReport) and PDF through headless Chromium (printHtmlToPdf). */
export { renderPilotReport, reportMetrics, PER_COLUMN_SHOWN } from './render-report.js'
export type { PilotReportInput } from './render-report.js'
export { printHtmlToPdf } from './pdf.js'
export type { PrintOptions } from './pdf.js'
export { BrowserNotFoundError, browserCandidates, findBrowser } from './find-browser.js'
export { formatMetric, formatCount, formatPercent, formatPValue, formatDuration } from '../format.js'
export { REPORT_TEXTS } from './texts.js'
export type { ReportLanguage, ReportTexts } from './texts.js'
