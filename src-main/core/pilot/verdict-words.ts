import { GLOSSARY } from '../glossary.js'
import { formatPercent } from '../format.js'
import type { BestModel, NnmfVsMf } from './compare.js'
import type { PilotModelKind } from './config.js'
import type { EffortName } from './effort.js'
import type { PrimaryMetric } from './evaluate.js'
import type { NextStep, VerdictOutcome, VerdictReason } from './verdict.js'

/**
 * The verdict in words, built once: the wizard, the results and compare pages, the HTML/PDF
 * report and the CLI all call `verdictWords` with the stored facts (compare.ts), so the app and
 * the report cannot disagree and no sentence is written twice. One message table per language.
 */
export type VerdictLanguage = 'ja' | 'en'

export interface VerdictWords {
  /** Short: "NNMF is better", "Inconclusive". */
  headline: string
  /** The difference with its interval against the negligible band, in one or two sentences. */
  sentence: string
  /** Why a verdict is inconclusive beyond the interval: a fit that failed or needed more training. */
  reasons: string[]
  /** What would settle an inconclusive verdict; null otherwise. */
  nextStep: string | null
  /** The one piece of advice of the page, consistent with the verdict and the best model. */
  advice: string
}

interface Messages {
  headline: Record<VerdictOutcome, string>
  metric: Record<PrimaryMetric, string>
  model: Record<PilotModelKind, string>
  effort: Record<EffortName, string>
  /** A relative difference of NNMF against MF in words: "12.3% lower". */
  relative(share: number): string
  /** `v` is what the interval alone says; 'unsettled' when a fit check overrode it (the reasons say why). */
  sentence(v: VerdictOutcome | 'unsettled', f: { metric: string; rel: string; low: string; high: string; band: string; n: number }): string
  /** An interval bound without the better/worse gloss ("12.3% lower"). */
  bound(share: number): string
  reason(r: Exclude<VerdictReason, { code: `interval-${string}` }>): string
  nextStep(s: { longer: string | null; minutes: string | null; moreData: boolean }): string
  minutes(seconds: number): string
  advice: {
    baseline(model: string): string
    verdict: Record<Exclude<VerdictOutcome, 'inconclusive'>, string>
    inconclusive: string
    noComparison(model: string): string
  }
}

const en: Messages = {
  headline: {
    'nnmf-better': 'NNMF is better',
    'mf-better': 'Plain MF is better',
    equivalent: 'No meaningful difference',
    inconclusive: 'Inconclusive: this pilot cannot tell yet',
  },
  metric: { rmse: 'RMSE', nrmse: 'normalised RMSE', logLoss: 'log loss' },
  model: GLOSSARY.en.model,
  effort: GLOSSARY.en.effort,
  relative: (x) => (x === 0 ? 'no different' : `${formatPercent(Math.abs(x))} ${x < 0 ? 'lower' : 'higher'}`),
  sentence: (v, f) => {
    const where = `over ${f.n} splits (95% interval: ${f.low} to ${f.high})`
    switch (v) {
      case 'nnmf-better':
        return `NNMF predicted better than plain MF: its ${f.metric} was ${f.rel} on average ${where}, beyond the ±${f.band} band we treat as negligible.`
      case 'mf-better':
        return `Plain MF predicted better than NNMF: NNMF's ${f.metric} was ${f.rel} on average ${where}, beyond the ±${f.band} band we treat as negligible.`
      case 'equivalent':
        return `NNMF and plain MF predicted equally well: NNMF's ${f.metric} was ${f.rel} on average ${where}, wholly inside the ±${f.band} band we treat as negligible.`
      case 'inconclusive':
        return `This pilot cannot tell which predicts better: NNMF's ${f.metric} was ${f.rel} than plain MF's on average ${where}, and that interval reaches past the ±${f.band} band we treat as negligible.`
      case 'unsettled':
        return `NNMF's ${f.metric} was ${f.rel} than plain MF's on average ${where}, but these scores cannot settle the question, for the reason below.`
    }
  },
  bound: (x) => en.relative(x),
  reason: (r) => {
    const name = en.model[r.model]
    if (r.code === 'still-improving')
      return `${name} was still improving when it reached its training limit in ${r.repeats} of ${r.of} splits: it needed more training, so its score understates it.`
    return r.failure === 'diverged'
      ? `${name} failed to train in ${r.repeats} of ${r.of} splits: its training diverged, even with the retry settings (lower λ, gentler steps). This is a failed fit, not a loss.`
      : `${name} failed to train in ${r.repeats} of ${r.of} splits: it never predicted better than each column's average, even with the retry settings (lower λ, gentler steps). This is a failed fit, not a loss.`
  },
  minutes: (s) => (s < 90 ? `about ${Math.max(1, Math.round(s / 60))} min` : s < 5400 ? `about ${Math.round(s / 60)} min` : `about ${(s / 3600).toFixed(1)} h`),
  nextStep: ({ longer, minutes, moreData }) => {
    if (longer && moreData) return `What would settle it: a ${longer} pilot (${minutes} on this PC), or more data (more rows or more observed cells).`
    if (longer) return `What would settle it: a ${longer} pilot (${minutes} on this PC).`
    if (!moreData) return 'What would settle it: run this pilot again with this version of the app.'
    return 'What would settle it: more data (more rows or more observed cells).'
  },
  advice: {
    baseline: (model) =>
      `Use the simple baseline (${model}): it predicted clearly better than the factorisations, so neither MF nor NNMF is worth it on this data yet.`,
    verdict: {
      'nnmf-better': 'Use NNMF for this data.',
      'mf-better': 'Use plain MF for this data: it is simpler, faster and predicted better.',
      equivalent: 'Use plain MF for this data: NNMF adds nothing measurable, and MF is simpler and faster.',
    },
    inconclusive: 'Do not choose between NNMF and plain MF on this pilot yet: see what would settle it.',
    noComparison: (model) => `Best model in this pilot: ${model}. Run NNMF and plain MF together for a verdict between them.`,
  },
}

/** Japanese runs set Latin words (RMSE, MF) off with spaces, kanji and kana not: "の RMSE は", "の対数損失は". */
export function jaSpaced(word: string): string {
  return `${/^[A-Za-z0-9]/.test(word) ? ' ' : ''}${word}${/[A-Za-z0-9]$/.test(word) ? ' ' : ''}`
}

const ja: Messages = {
  headline: { 'nnmf-better': 'NNMF のほうが良い', 'mf-better': '通常の MF のほうが良い', equivalent: '意味のある差はない', inconclusive: 'まだ判定できません' },
  metric: { rmse: 'RMSE', nrmse: '正規化 RMSE', logLoss: '対数損失' },
  model: GLOSSARY.ja.model,
  effort: GLOSSARY.ja.effort,
  relative: (x) => (x === 0 ? '同じに' : `${formatPercent(Math.abs(x))} ${x < 0 ? '小さく（良く）' : '大きく（悪く）'}`),
  sentence: (v, f) => {
    const said = `NNMF の${jaSpaced(f.metric)}は通常の MF より ${f.rel}なりました（${f.n} 回の分割の平均。95% 区間は ${f.low} 〜 ${f.high}）`
    switch (v) {
      case 'nnmf-better':
        return `NNMF は通常の MF より良く予測しました。${said}。無視できる幅（±${f.band}）を超えた差です。`
      case 'mf-better':
        return `通常の MF は NNMF より良く予測しました。${said}。無視できる幅（±${f.band}）を超えた差です。`
      case 'equivalent':
        return `NNMF と通常の MF の予測の良さは同等でした。${said}。区間全体が無視できる幅（±${f.band}）の内側です。`
      case 'inconclusive':
        return `このパイロットでは、どちらが良く予測するか判定できません。${said}。区間が無視できる幅（±${f.band}）の外まで広がっています。`
      case 'unsettled':
        return `${said}。ただし、下に書く理由により、この成績では判定できません。`
    }
  },
  bound: (x) => (x === 0 ? '0%' : `${formatPercent(Math.abs(x))} ${x < 0 ? '小さい' : '大きい'}`),
  reason: (r) => {
    const name = jaSpaced(ja.model[r.model]).trimStart()
    if (r.code === 'still-improving')
      return `${name}は ${r.of} 回中 ${r.repeats} 回の分割で、学習回数の上限に達した時点でまだ改善していました。学習が足りず、本来の成績より悪く出ています。`
    return r.failure === 'diverged'
      ? `${name}は ${r.of} 回中 ${r.repeats} 回の分割で学習に失敗しました（学習が発散し、再試行の設定（小さい λ、小さい学習率）でも直りませんでした）。負けではなく、学習の失敗です。`
      : `${name}は ${r.of} 回中 ${r.repeats} 回の分割で学習に失敗しました（各列の平均で埋めるより良くならず、再試行の設定（小さい λ、小さい学習率）でも直りませんでした）。負けではなく、学習の失敗です。`
  },
  minutes: (s) => (s < 5400 ? `約 ${Math.max(1, Math.round(s / 60))} 分` : `約 ${(s / 3600).toFixed(1)} 時間`),
  nextStep: ({ longer, minutes, moreData }) => {
    if (longer && moreData)
      return `判定するには: 「${longer}」でパイロットを実行する（この PC で${minutes}）か、データを増やしてください（行や観測セルを増やす）。`
    if (longer) return `判定するには: 「${longer}」でパイロットを実行してください（この PC で${minutes}）。`
    if (!moreData) return '判定するには: このバージョンのアプリでパイロットをもう一度実行してください。'
    return '判定するには: データを増やしてください（行や観測セルを増やす）。'
  },
  advice: {
    baseline: (model) =>
      `単純な基準モデル（${model}）を使ってください。行列分解よりはっきり良く予測したため、このデータでは MF も NNMF もまだ使う価値がありません。`,
    verdict: {
      'nnmf-better': 'このデータには NNMF を使ってください。',
      'mf-better': 'このデータには通常の MF を使ってください。より単純で速く、予測も良好でした。',
      equivalent: 'このデータには通常の MF を使ってください。NNMF による改善は見られず、MF のほうが単純で速いためです。',
    },
    inconclusive: 'このパイロットの結果では、まだ NNMF と通常の MF のどちらかに決めないでください（判定に必要なことを参照）。',
    noComparison: (model) => `このパイロットで最も良かったモデル: ${model}。両者を比べるには、NNMF と通常の MF を両方含めて実行してください。`,
  },
}

export const VERDICT_MESSAGES: Readonly<Record<VerdictLanguage, Messages>> = { ja, en }

/** A model's name as the verdict words it (the report and the UI use the same names). */
export function modelName(model: PilotModelKind, language: VerdictLanguage): string {
  return VERDICT_MESSAGES[language].model[model]
}

export function nextStepWords(step: NextStep, language: VerdictLanguage): string {
  const m = VERDICT_MESSAGES[language]
  const longer = step.longerEffort
  return m.nextStep({ longer: longer ? m.effort[longer.effort] : null, minutes: longer ? m.minutes(longer.seconds) : null, moreData: step.moreData })
}

export function verdictWords(result: { comparison: NnmfVsMf | null; best: BestModel }, language: VerdictLanguage): VerdictWords | null {
  const m = VERDICT_MESSAGES[language]
  const c = result.comparison
  const baselineAdvice = result.best.isBaseline && result.best.clearlyBetter ? m.advice.baseline(m.model[result.best.model]) : null
  if (!c) return null
  const nextStep = c.nextStep ? nextStepWords(c.nextStep, language) : null
  // A fit check that overrode the interval's answer gets a neutral sentence; the reasons carry the why.
  const overridden = c.verdict === 'inconclusive' && c.reasons[0]?.code !== 'interval-crosses-band'
  const sentence = m.sentence(overridden ? 'unsettled' : c.verdict, {
    metric: m.metric[c.metric],
    rel: m.relative(c.relativeDifference),
    low: m.bound(c.relativeInterval.low),
    high: m.bound(c.relativeInterval.high),
    band: formatPercent(c.negligibleFraction),
    n: c.nnmf.length,
  })
  const reasons = c.reasons.filter((r): r is Exclude<VerdictReason, { code: `interval-${string}` }> => !r.code.startsWith('interval-')).map((r) => m.reason(r))
  // A baseline clearly ahead of both factorisations is the advice whatever the verdict between them.
  const advice = baselineAdvice ?? (c.verdict === 'inconclusive' ? m.advice.inconclusive : m.advice.verdict[c.verdict])
  return { headline: m.headline[c.verdict], sentence, reasons, nextStep, advice }
}

/** The advice of a pilot without an NNMF-versus-MF comparison. */
export function adviceWithoutComparison(best: BestModel, language: VerdictLanguage): string {
  return VERDICT_MESSAGES[language].advice.noComparison(modelName(best.model, language))
}
