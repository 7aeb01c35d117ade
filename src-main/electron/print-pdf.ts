import { pathToFileURL } from 'node:url'
import { BrowserWindow } from 'electron'
import { writeFileAtomically } from '../core/files/atomic-output.js'

/**
 * The report's PDF inside the app: the HTML file loaded in a hidden, locked-down window and printed
 * by Chromium's own engine (webContents.printToPDF), A4 as the page's @page rule says, no header or
 * footer. The same page as core/report/pdf.ts prints with a headless browser in web mode and the CLI.
 * The report has no scripts, so JavaScript is off; nothing is reachable from the page.
 */
export async function printHtmlToPdfInElectron(htmlPath: string, pdfPath: string): Promise<void> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true },
  })
  try {
    await window.loadURL(pathToFileURL(htmlPath).href)
    const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false })
    // Whole or not at all: a full disk leaves no partial PDF (and says so).
    await writeFileAtomically(pdfPath, pdf)
  } finally {
    window.destroy()
  }
}
