import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { PilotResult } from '../../../src-main/core/pilot/result.js'
import { PILOT_MODELS } from '../../../src-main/core/pilot/config.js'
import { ARTIFACTS_DIR } from './web-app.js'
import { adviceWithoutComparison, modelName, verdictWords, VERDICT_MESSAGES, type VerdictLanguage } from '../../../src-main/contract/verdict.js'

/**
 * Checks of a results page against the core's own words for the stored result: the page must print
 * exactly what verdictWords says in the page's language, and its main button must do what the
 * advice says.
 */

const text = async (page: Page, testId: string): Promise<string> => ((await page.getByTestId(testId).textContent()) ?? '').trim()

export async function expectVerdictWords(page: Page, result: PilotResult, language: VerdictLanguage): Promise<void> {
  const words = verdictWords(result, language)
  // Wait on the sentence, which differs between results (two inconclusive ones share their advice).
  if (words) await expect.poll(() => text(page, 'verdict-sentence')).toBe(words.sentence)
  await expect.poll(() => text(page, 'verdict-advice')).toBe(words?.advice ?? adviceWithoutComparison(result.best, language))
  if (!words) return
  expect(await text(page, 'verdict-headline')).toBe(words.headline)
  const reasons = await page.getByTestId('verdict-reasons').locator('li').allTextContents()
  expect(reasons.map((r) => r.trim())).toEqual(words.reasons)
  // The next step is printed once, on its own line.
  if (words.nextStep) {
    expect(await text(page, 'verdict-next-step')).toBe(words.nextStep)
    expect(words.advice).not.toContain(words.nextStep)
  } else {
    expect(await page.getByTestId('verdict-next-step').count()).toBe(0)
  }
  expect(await page.getByTestId('verdict').getAttribute('data-verdict')).toBe(result.comparison!.verdict)
}

/** The model the advice recommends: the first one it names. */
function adviceModel(advice: string, language: VerdictLanguage): string | null {
  const named = PILOT_MODELS.map((m) => ({ name: modelName(m, language), at: advice.toLowerCase().indexOf(modelName(m, language).toLowerCase()) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at)
  return named[0]?.name ?? null
}

export async function expectMainActionFollowsAdvice(page: Page, result: PilotResult, language: VerdictLanguage): Promise<void> {
  const words = verdictWords(result, language)
  const advice = words?.advice ?? adviceWithoutComparison(result.best, language)
  const button = page.getByTestId('main-action')
  const longer = result.comparison?.nextStep?.longerEffort ?? null
  const baselineAhead = result.best.isBaseline && result.best.clearlyBetter
  if (words?.nextStep && result.comparison?.verdict === 'inconclusive' && !baselineAhead) {
    // "Do not choose yet": the main action is the longer pilot the next step names, or nothing.
    expect(advice).toBe(VERDICT_MESSAGES[language].advice.inconclusive)
    if (!longer) {
      expect(await button.count()).toBe(0)
      return
    }
    const label = (await button.textContent())!
    const effort = VERDICT_MESSAGES[language].effort[longer.effort]
    const time = VERDICT_MESSAGES[language].minutes(longer.seconds)
    expect(await button.getAttribute('data-action')).toBe('rerun')
    expect(words.nextStep).toContain(effort)
    expect(words.nextStep).toContain(time)
    expect(label).toContain(effort)
    expect(label).toContain(time)
    return
  }
  const recommended = adviceModel(advice, language)
  expect(recommended).not.toBeNull()
  const label = (await button.textContent())!.toLowerCase()
  expect(await button.getAttribute('data-action')).toBe('train')
  for (const model of PILOT_MODELS) {
    const name = modelName(model, language)
    expect(label.includes(name.toLowerCase()), `main action "${label}" against advice "${advice}"`).toBe(name === recommended)
  }
}

/** Latin words left in a Japanese verdict, once the product's own terms (model and metric names, PC) are set aside. */
export function englishWords(japanese: string): string[] {
  return japanese.replace(/\b(NNMF|MF|RMSE|MAE|AUC|PC)\b/g, '').match(/[A-Za-z]{2,}/g) ?? []
}

/** The part of a canvas the check reads (the test's TypeScript has no DOM types). */
interface PaintedCanvas {
  width: number
  height: number
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null
}

/** Pixels of the interval chart's canvas drawn on, and those in the negligible band's translucent grey (0 if it did not render). */
export async function chartInk(page: Page): Promise<{ drawn: number; band: number }> {
  return page
    .getByTestId('difference-interval-chart')
    .locator('canvas')
    .first()
    .evaluate((canvas: PaintedCanvas) => {
      const context = canvas.getContext('2d')
      if (!context || canvas.width === 0 || canvas.height === 0) return { drawn: 0, band: 0 }
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data
      let drawn = 0
      let band = 0
      for (let i = 0; i < pixels.length; i += 4) {
        const alpha = pixels[i + 3]!
        if (alpha > 0) drawn++
        // rgba(95, 107, 122, 0.16) on a transparent canvas: the colour kept, alpha about 41.
        if (alpha > 30 && alpha < 52 && Math.abs(pixels[i]! - 95) < 12 && Math.abs(pixels[i + 2]! - 122) < 12) band++
      }
      return { drawn, band }
    })
}

/** A full-resolution picture of the verdict card and the interval chart, to read the words and check the layout by eye. */
export async function screenshotVerdictArea(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const file = path.join(ARTIFACTS_DIR, `${name}.png`)
  const top = await page.getByTestId('verdict').boundingBox()
  const bottom = await page.getByTestId('difference-panel').boundingBox()
  if (!top || !bottom) throw new Error('the verdict area is not on the page')
  await page.screenshot({
    path: file,
    fullPage: true,
    clip: { x: 0, y: Math.max(0, top.y - 130), width: 1280, height: bottom.y + bottom.height - top.y + 140 },
  })
  return file
}
