import type { Page } from 'playwright-core'

/**
 * Names that stay Latin on a Japanese screen: products, formats, units and metric names people
 * search for as they are. Anything else in Latin letters is English left untranslated.
 */
const ALLOWED = [
  'NNMF',
  'MF',
  'RMSE',
  'MAE',
  'AUC',
  'CSV',
  'TSV',
  'XLSX',
  'Excel',
  'UTF',
  'Shift_JIS',
  'JIS',
  'CP932',
  'BOM',
  'SHA',
  'PC',
  'CPU',
  'GPU',
  'CUDA',
  'WebAssembly',
  'SIMD',
  'TensorFlow',
  'WebGPU',
  'JavaScript',
  'TypeScript',
  'js',
  'SECOM',
  'UCI',
  'McCann',
  'Johnston',
  'CC',
  'BY',
  'NaN',
  'NA',
  'KB',
  'MB',
  'GB',
  'PDF',
  'HTML',
  'English',
]

/** Latin words left in Japanese text, once allowed names, file names and the test's own data labels are set aside. */
export function englishLeft(text: string, dataWords: readonly string[] = []): string[] {
  // File names, and hashes (the data's SHA-256 fingerprint) that happen to hold two letters in a row.
  let rest = text.replace(/\S+\.(csv|tsv|txt|xlsx|html|pdf)\b/gi, ' ').replace(/\b[0-9a-f]{8,}\b/g, ' ')
  for (const word of [...dataWords, ...ALLOWED].sort((a, b) => b.length - a.length)) rest = rest.split(word).join(' ')
  // English units after a number ('0.25 s', '2 min') are English too, however short.
  const units = (rest.match(/\d\s?(s|min|h|ms)\b/g) ?? []).map((unit) => unit.replace(/^\d\s?/, ''))
  return [...(rest.match(/[A-Za-z]{2,}/g) ?? []), ...units]
}

/** What a person can read on the page: its text, and the tooltips, labels and placeholders of its elements. */
export async function screenWords(page: Page): Promise<string> {
  // A string, as the tests' TypeScript has no DOM types.
  return page.evaluate<string>(`(() => {
    const parts = [document.body.innerText]
    for (const element of document.querySelectorAll('[title],[aria-label],[placeholder]')) {
      for (const name of ['title', 'aria-label', 'placeholder']) parts.push(element.getAttribute(name) ?? '')
    }
    return parts.join('\\n')
  })()`)
}

/** How many lines the first element matching `selector` wraps its text onto. */
export async function textLines(page: Page, selector: string): Promise<number> {
  return page.evaluate<number>(`(() => {
    const range = document.createRange()
    range.selectNodeContents(document.querySelector(${JSON.stringify(selector)}))
    return new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size
  })()`)
}
