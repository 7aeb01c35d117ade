import { FONT_STACK } from './charts.js'
import { OUTCOME_COLORS } from './interval-chart.js'

/** The report's one stylesheet, inlined: screen and A4 print, CJK fonts first. */
export const REPORT_CSS = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --accent: #1f5fa8; --soft: #f4f6fa; }
* { box-sizing: border-box; }
html { font-family: ${FONT_STACK}; color: var(--ink); font-size: 14px; line-height: 1.6; }
body { margin: 0 auto; max-width: 760px; padding: 24px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; break-after: avoid; page-break-after: avoid; }
p { margin: 6px 0; }
.meta { color: var(--muted); font-size: 0.9rem; }
.verdict { border: 2px solid var(--accent); border-radius: 8px; padding: 12px 16px; background: var(--soft); margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
.verdict .headline { font-size: 1.3rem; font-weight: 700; margin: 0 0 6px; }
.verdict.nnmf-better { border-color: ${OUTCOME_COLORS['nnmf-better']}; } .verdict.mf-better { border-color: ${OUTCOME_COLORS['mf-better']}; }
.verdict.equivalent { border-color: ${OUTCOME_COLORS.equivalent}; }
.verdict.inconclusive { border-color: ${OUTCOME_COLORS.inconclusive}; border-style: dashed; background: #fffaf0; }
.verdict .sentence { margin-bottom: 8px; }
.verdict ul.reasons { margin: 6px 0; padding-left: 1.4em; } .verdict ul.reasons li { margin: 3px 0; }
.verdict .next-step { font-weight: 600; }
.verdict .advice { margin-top: 8px; }
.verdict figure { margin: 10px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; break-inside: avoid; page-break-inside: avoid; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.interval { color: var(--muted); font-size: 0.85rem; display: block; }
.best { font-weight: 700; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
figure { margin: 14px 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 0.85rem; }
figure h3 { margin-top: 0; }
ul.limits li { margin: 4px 0; }
.severity-unsuitable { color: #b42318; font-weight: 600; } .severity-caution { color: #a15c00; }
code { font-family: 'Noto Sans Mono CJK JP', 'DejaVu Sans Mono', monospace; font-size: 0.85em; }
@page { size: A4; margin: 14mm 14mm 16mm; }
@media print {
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  h2 { margin-top: 18px; }
  a { color: inherit; text-decoration: none; }
}
`
