import type { PilotGoal, PilotModelKind } from '../pilot/config.js'
import type { DataCheckReason, SuitabilityVerdict } from '../pilot/data-check.js'
import type { Caveat, MetricName, NnmfVsMf } from '../pilot/compare.js'
import type { VerdictOutcome } from '../pilot/verdict.js'
import { jaSpaced, modelName } from '../pilot/verdict-words.js'
import { MODEL_SPECS } from '../models/specs.js'
import { GLOSSARY } from '../glossary.js'
import { formatCount, formatMetric, formatOrders, formatPercent } from '../format.js'
import { shortList } from '../name-list.js'

/** Each model's name and what it does, as its spec words them (models/specs.ts). */
function modelTexts(language: 'ja' | 'en'): Record<PilotModelKind, { name: string; description: string }> {
  return Object.fromEntries(MODEL_SPECS.map((s) => [s.kind, { name: modelName(s.kind, language), description: s.words[language].description }])) as Record<
    PilotModelKind,
    { name: string; description: string }
  >
}

/** Constant columns by name, cut short when many (results stored before names were kept have none). */
function namedJa(columns: readonly string[] | undefined, count: number): string {
  if (!columns?.length) return ''
  const { names, more } = shortList(columns, count)
  return `（${names.join('、')}${more > 0 ? ` ほか ${formatCount(more)} 列` : ''}）`
}

function namedEn(columns: readonly string[] | undefined, count: number): string {
  if (!columns?.length) return ''
  const { names, more } = shortList(columns, count)
  return ` (${names.join(', ')}${more > 0 ? ` and ${formatCount(more)} more` : ''})`
}

/**
 * Every word of the pilot report except the verdict's, in Japanese (for plant staff: plain words,
 * no ML jargon without an explanation) and English. The verdict (headline, sentence, reasons, next
 * step, advice) is worded once by pilot/verdict-words.ts, which the app and the CLI print too.
 * Numbers come in already formatted (format.ts) or are formatted here with the same functions, so
 * the report prints each number one way.
 */
export type ReportLanguage = 'ja' | 'en'

/** What the method paragraph says about the comparison rule. */
export interface MethodFacts {
  repeats: number
  validation: string
  scaled: boolean
  primary: string
  /** The negligible band as a share of MF's score ("1.00%"). */
  band: string
  models: string
  /** The verdict headlines (verdict-words.ts), so the rule names the outcomes as the verdict does. */
  headlines: Record<VerdictOutcome, string>
  /** Results of version 1 carry a plain t-interval over the splits (pilot/legacy.ts). */
  legacy: boolean
}

export interface ReportTexts {
  htmlLang: string
  title: string
  generatedAt: string
  pilot: string
  dataset: string
  sections: {
    conclusion: string
    data: string
    method: string
    results: string
    comparison: string
    charts: string
    perColumn: string
    limits: string
    details: string
  }
  models: Record<PilotModelKind, { name: string; description: string }>
  metrics: Record<MetricName, { name: string; description: string; better: 'lower' | 'higher' }>
  lowerIsBetter: string
  higherIsBetter: string
  valueKind: Record<'numeric' | 'binary', string>
  layout: Record<'wide' | 'long', string>
  suitability: Record<SuitabilityVerdict, string>
  effort: Record<'quick' | 'standard' | 'thorough', string>
  dataFacts: { rows: string; columns: string; observed: string; density: string; kind: string; layout: string; check: string; hash: string }
  goal(goal: PilotGoal, holdout: string): string
  /** The data check's verdict with the number of its findings, which the limits list in full. */
  checkFindings(verdict: string, findings: number): string
  method(p: MethodFacts): string[]
  reason(reason: DataCheckReason): string
  caveat(caveat: Caveat): string
  /** Facts only: the advice is the verdict's (verdict-words.ts), one per report. */
  best(p: { model: string; isBaseline: boolean; clearlyBetter: boolean; runnerUp: string | null }): string
  adviceLabel: string
  noComparison: string
  table: {
    model: string
    mean: string
    interval: string
    perRepeat: string
    repeat: string
    difference: string
    column: string
    cells: string
    relative: string
  }
  comparisonFacts: {
    meanDifference: string
    interval: string
    relative: string
    relativeInterval: string
    band: string
    method: string
    pValue: string
    verdict: string
  }
  /** The band's value: its half-width in the metric's units and as a share of MF's score. */
  bandValue(width: string, share: string): string
  /** How the interval of the difference was computed (compare.ts `method`, the estimate's df). */
  intervalMethod(m: NnmfVsMf['method'], df: number | null): string
  intervalNote(repeats: number): string
  charts: {
    metric: string
    metricCaption: string
    scatter: string
    scatterCaption: string
    scatterCaptionStandard: string
    actual: string
    predicted: string
    actualStandard: string
    predictedStandard: string
    calibration: string
    calibrationCaption: string
    probability: string
    share: string
    curves: string
    curvesCaption: string
    epoch: string
    train: string
    validation: string
    perColumn: string
    perColumnCaption: string
    interval: string
    intervalCaption(band: string): string
    intervalAxis(metric: string): string
    nnmfSide: string
    mfSide: string
    negligible: string
  }
  perColumnNote(shown: number, total: number): string
  generalLimits: string[]
  noLimits: string
  details: {
    effort: string
    seed: string
    engine: string
    backend: string
    totalTime: string
    modelTime: string
    status: string
    created: string
    scaling: string
    scaledYes: string
    scaledNo: string
    none: string
  }
}

const ja: ReportTexts = {
  htmlLang: 'ja',
  title: 'NNMF パイロット評価レポート',
  generatedAt: '作成日時',
  pilot: 'パイロット',
  dataset: 'データセット',
  sections: {
    conclusion: '結論',
    data: 'データの概要',
    method: '何をどう比べたか',
    results: 'モデルごとの成績',
    comparison: 'NNMF と通常の MF の比較',
    charts: 'グラフ',
    perColumn: '列（センサー）ごとの違い',
    limits: 'この結果の限界と注意点',
    details: '実行の詳細',
  },
  models: modelTexts('ja'),
  metrics: {
    rmse: { name: 'RMSE', description: GLOSSARY.ja.explain.rmse.text, better: 'lower' },
    mae: { name: 'MAE', description: GLOSSARY.ja.explain.mae.text, better: 'lower' },
    nrmse: { name: '正規化 RMSE', description: GLOSSARY.ja.explain.nrmse.text, better: 'lower' },
    logLoss: { name: '対数損失', description: GLOSSARY.ja.explain.logLoss.text, better: 'lower' },
    auc: { name: 'AUC', description: GLOSSARY.ja.explain.auc.text, better: 'higher' },
    averagePrecision: { name: '平均適合率', description: GLOSSARY.ja.explain.averagePrecision.text, better: 'higher' },
  },
  lowerIsBetter: '小さいほど良い',
  higherIsBetter: '大きいほど良い',
  valueKind: GLOSSARY.ja.valueKind,
  layout: GLOSSARY.ja.layout,
  suitability: { suitable: '適している', caution: '注意が必要', unsuitable: '不向き' },
  effort: GLOSSARY.ja.effort,
  dataFacts: {
    rows: '行の数',
    columns: '列の数',
    observed: '観測されている値',
    density: '埋まっている割合',
    kind: '値の種類',
    layout: '形式',
    check: 'データチェックの判定',
    hash: 'データの指紋（SHA-256 の先頭）',
  },
  checkFindings: (verdict, n) => (n === 0 ? verdict : `${verdict}（指摘 ${n} 件。「この結果の限界と注意点」を参照）`),
  goal: (goal, holdout) =>
    ({
      'fill-cells': `目的は「欠けているセンサー値を埋める」ことです。観測されている値のうち ${holdout} をランダムに選んで隠し（学習には使いません）、残りで学習したモデルが隠した値をどれだけ正確に当てられるかを測りました。`,
      'new-rows': `目的は「新しい装置（行）の値を予測する」ことです。行の ${holdout} を丸ごと隠し、その行の一部の値だけを手がかりに残りの値を当てられるかを測りました（再学習はしません）。`,
      'latest-period': `目的は「最新の期間の値を予測する」ことです。時刻の新しい ${holdout} の値を隠し、それより前のデータで学習したモデルが当てられるかを測りました。`,
    })[goal],
  method: (p) => [
    `比べたモデル: ${p.models}。`,
    `評価用の分け方を乱数を変えて ${p.repeats} 回繰り返し、各モデルの成績を平均と 95% 区間（真の平均がおそらく入る範囲）で示します。学習データの ${p.validation} は、学習の止めどきと設定の選択に使いました。` +
      (p.legacy
        ? 'この結果は以前のバージョンで保存されたもので、区間は繰り返しごとのばらつきだけから計算されています。'
        : `${p.primary} の区間は、どの行がたまたま評価用に選ばれたか（評価用の行を選び直すブートストラップで測ります。同じ装置のセルは似ているため、セルではなく行単位で選び直します）と、学習や乱数の違いによる繰り返しごとのばらつきの両方を含みます。ほかの指標の区間は繰り返しごとのばらつきだけから計算しています。`),
    p.scaled
      ? '列ごとに単位が違うため、モデルは列ごとに標準化した値で学習し、比較には正規化 RMSE を使いました。表の RMSE と MAE は元の単位です。'
      : `比較の主な指標は ${p.primary} です。`,
    `NNMF と通常の MF は、各分割で同じ評価用のセルについて成績を比べ、差（NNMF − MF）の平均とその 95% 区間を同じ方法で求めました。差が MF の成績の ±${p.band} 以内なら、実用上無視できる差とみなします。区間全体が −${p.band} より下なら「${p.headlines['nnmf-better']}」、+${p.band} より上なら「${p.headlines['mf-better']}」、区間全体が ±${p.band} の内側なら「${p.headlines.equivalent}」、区間がこの幅の端をまたぐなら「${p.headlines.inconclusive}」と判定します。`,
    'ただし、学習に失敗したモデル（各列の平均で埋めるより良くならなかった、または学習が発散した）や、学習回数の上限でまだ改善していたモデルがあれば、そのモデルが負けたとは判定せず「判定できません」とします。差を示せなかったことを「通常の MF で十分」とは読みません。',
  ],
  reason: (r) => {
    switch (r.code) {
      case 'too-few-observations':
        return `観測されている値が ${formatCount(r.observed)} 個しかありません（目安 ${formatCount(r.threshold)} 個）。評価用に取り分けると学習に使える値が足りず、比較の信頼性は低くなります。`
      case 'few-observations':
        return `観測されている値は ${formatCount(r.observed)} 個で、目安の ${formatCount(r.threshold)} 個より少なめです。NNMF のニューラルネットワーク部分は過学習（学習データに合わせすぎること）しやすく、通常の MF のほうが安全な出発点です。`
      case 'too-few-rows':
        return `行が ${formatCount(r.count)} 行しかありません（目安 ${formatCount(r.threshold)} 行以上）。`
      case 'too-few-columns':
        return `列が ${formatCount(r.count)} 列しかありません（目安 ${formatCount(r.threshold)} 列以上）。`
      case 'very-sparse':
        return `埋まっているセルが全体の ${formatPercent(r.density)} しかありません（目安 ${formatPercent(r.threshold)}）。多くの行は数個の値だけで推定されることになります。`
      case 'sparse-rows':
        return `観測値が ${r.threshold} 個未満の行が ${formatCount(r.count)} 行（全 ${formatCount(r.total)} 行中）あります。これらの行の予測はほぼ平均的な値になります。`
      case 'sparse-columns':
        return `観測値が ${r.threshold} 個未満の列が ${formatCount(r.count)} 列（全 ${formatCount(r.total)} 列中）あります。これらの列の予測はほぼ平均的な値になります。`
      case 'skewed-columns':
        return `分布が大きく偏った列が ${formatCount(r.count)} 列（全 ${formatCount(r.total)} 列中）あります${namedJa(r.columns, r.count)}。まれな大きな値に誤差が引っ張られるため、取り込み前の対数変換も検討してください。`
      case 'mixed-units':
        return `列ごとの値のばらつきが約 ${formatOrders(r.orders)} 桁も違います（単位が混在しています）。列ごとの標準化で扱っていますが、元の単位の RMSE は単位の大きい列に左右されます。`
      case 'constant-columns':
        return `値が一定の列が ${formatCount(r.count)} 列あります${namedJa(r.columns, r.count)}。これらの列からは学べることがないため、評価と図から除いています。`
      case 'rare-positives':
        return `「1（故障あり）」が ${formatCount(r.positives)} 件、全体の ${formatPercent(r.rate)} しかありません（目安 ${formatPercent(r.threshold)}）。AUC などの指標は少数の事例に左右されます。`
      case 'binary-values-as-numeric':
        return 'すべての値が 0 か 1 ですが、測定値として取り込まれています。故障の有無のデータなら、0/1 データとして取り込み直すと確率で予測できます。'
    }
  },
  caveat: (c) => {
    switch (c.code) {
      case 'data-check':
        return ja.reason(c.reason)
      case 'nnmf-hit-epoch-limit':
        return `NNMF は ${c.of} 回中 ${c.repeats} 回、学習回数の上限まで改善を続けていました。より長く学習すれば成績が良くなる可能性があります（「標準」または「念入り」で再実行してください）。`
      case 'few-repeats':
        return `繰り返しが ${c.repeats} 回だけです（推奨 ${c.minimum} 回以上）。差の判定の信頼性は低くなります。`
      case 'suitability-overridden':
        return 'データチェックで「不向き」と判定されましたが、利用者の判断で実行しました。'
      case 'legacy-statistics':
        return 'この結果は以前のバージョンで保存されました。当時の区間は分割どうしの t 検定だけから計算したもので、重なりのある分割では狭すぎます。判定は今の規則で決め直しましたが、正しい区間を得るにはパイロットをもう一度実行してください。'
    }
  },
  best: (p) => {
    const who = p.isBaseline ? `基準モデルの「${p.model}」` : `「${p.model}」`
    if (!p.runnerUp) return `全体で最も成績が良かったのは${who}でした。`
    return `全体で最も成績が良かったのは${who}で、次点は「${p.runnerUp}」でした（${p.clearlyBetter ? 'はっきりした差あり' : '差ははっきりしません。無視できる程度か、偶然の範囲です'}）。`
  },
  adviceLabel: 'おすすめ:',
  noComparison: 'このパイロットには NNMF と通常の MF の両方が含まれていないため、両者の比較はしていません。',
  table: {
    model: 'モデル',
    mean: '平均',
    interval: '95% 区間',
    perRepeat: '繰り返しごとの値',
    repeat: '回',
    difference: '差（NNMF − MF）',
    column: '列',
    cells: '評価セル数',
    relative: '相対差',
  },
  comparisonFacts: {
    meanDifference: '平均の差（NNMF − MF）',
    interval: '差の 95% 区間',
    relative: 'MF に対する相対差',
    relativeInterval: '相対差の 95% 区間',
    band: '無視できる差の幅',
    method: '区間の求め方',
    pValue: 'p 値（「差なし」に対する、同じ区間推定からの値）',
    verdict: '判定',
  },
  bandValue: (width, share) => `± ${width}（MF の成績の ± ${share}）`,
  intervalMethod: (m, df) =>
    m.name === 'legacy-t-interval'
      ? `${m.repeats} 回の分割の t 区間（以前のバージョンの方法。再実行をおすすめします）`
      : `評価用の行のブートストラップ（${formatCount(m.replicates)} 回の再抽出、${formatCount(m.rows)} 行）と ${m.repeats} 回の繰り返しのばらつきを合わせた区間。自由度は Welch–Satterthwaite の近似（${df === null ? '無限大: 繰り返しのばらつきなし' : formatMetric(df)}）。`,
  intervalNote: (n) => `数値は ${n} 回の繰り返しの平均で、括弧内は 95% 区間です。`,
  charts: {
    metric: '指標の比較（平均と 95% 区間）',
    metricCaption: '点が平均、縦線が 95% 区間です。区間が大きく重なっているモデルどうしは、差がはっきりしません。',
    scatter: '予測値と実測値',
    scatterCaption: '評価用に隠した値の一部（見本）について、横軸が実測値、縦軸が予測値です。斜めの線に近いほど正確です。',
    scatterCaptionStandard:
      '評価用に隠した値の一部（見本）について、横軸が実測値、縦軸が予測値です。列ごとに単位が異なるため、各セルを列ごとの標準単位（（値 − 列の平均）÷ 列の標準偏差）で描いています。斜めの線に近いほど正確です。',
    calibration: '予測確率と実際の故障の割合',
    calibrationCaption: '予測確率を区間に分け、各区間で実際に「1（故障あり）」だった割合を示します。斜めの線に近いほど確率が信頼できます。',
    actual: '実測値',
    predicted: '予測値',
    actualStandard: '実測値（列ごとの標準単位）',
    predictedStandard: '予測値（標準単位）',
    probability: '予測確率',
    share: '実際の割合',
    curves: '学習曲線',
    curvesCaption: '学習の進み具合です。実線が検証データ、点線が学習データの誤差です。検証の誤差が下がらなくなった所で学習を止めています。',
    epoch: '学習回数（エポック）',
    train: '学習',
    validation: '検証',
    perColumn: '列ごとの誤差の違い（NNMF − MF、MF に対する割合）',
    perColumnCaption: 'マイナス（左）の列は NNMF のほうが誤差が小さく、プラス（右）の列は通常の MF のほうが誤差が小さい列です。',
    interval: '差（NNMF − MF）とその 95% 区間、無視できる差の幅との比較',
    intervalCaption: (band) =>
      `点が分割の平均の相対差、ひげが 95% 区間です。灰色の帯（MF の成績の ±${band}）の中の差は無視できるとみなします。区間全体が帯より左なら NNMF が良く、右なら通常の MF が良く、区間全体が帯の中なら意味のある差はなく、帯の端をまたぐなら判定できません。`,
    intervalAxis: (metric) => `NNMF − MF（MF の${jaSpaced(metric)}に対する割合）`,
    nnmfSide: '← NNMF が良い',
    mfSide: '通常の MF が良い →',
    negligible: '無視できる差',
  },
  perColumnNote: (shown, total) => `全 ${formatCount(total)} 列のうち、差の大きい ${formatCount(shown)} 列を示します。`,
  generalLimits: [
    'この結果は、このデータと、この評価方法（隠し方）についてのものです。データの集め方や期間が変われば結果も変わりえます。',
    '評価に使ったのは観測されていた値だけです。もともと欠けていた値が特定の条件（故障中、停止中など）で欠けやすい場合、そこでの予測の精度はこの評価ではわかりません。',
  ],
  noLimits: 'データチェックで特に問題は見つかりませんでした。',
  details: {
    // The app's words for the same facts (the results page's run panel), so the two read alike.
    effort: '手間',
    seed: 'シード',
    engine: 'NNMF の計算エンジン',
    backend: '計算バックエンド',
    totalTime: '合計時間',
    modelTime: 'モデルごとの学習時間',
    status: '状態',
    created: '実行日時',
    scaling: '列ごとの標準化',
    scaledYes: 'あり',
    scaledNo: 'なし',
    none: '—',
  },
}

const en: ReportTexts = {
  htmlLang: 'en',
  title: 'NNMF pilot report',
  generatedAt: 'Generated',
  pilot: 'Pilot',
  dataset: 'Dataset',
  sections: {
    conclusion: 'Conclusion',
    data: 'The data',
    method: 'What was compared, and how',
    results: 'Results by model',
    comparison: 'NNMF against plain MF',
    charts: 'Charts',
    perColumn: 'Differences by column (sensor)',
    limits: 'Limits of this result',
    details: 'Run details',
  },
  models: modelTexts('en'),
  metrics: {
    rmse: { name: 'RMSE', description: GLOSSARY.en.explain.rmse.text, better: 'lower' },
    mae: { name: 'MAE', description: GLOSSARY.en.explain.mae.text, better: 'lower' },
    nrmse: { name: 'Normalised RMSE', description: GLOSSARY.en.explain.nrmse.text, better: 'lower' },
    logLoss: { name: 'Log loss', description: GLOSSARY.en.explain.logLoss.text, better: 'lower' },
    auc: { name: 'AUC', description: GLOSSARY.en.explain.auc.text, better: 'higher' },
    averagePrecision: { name: 'Average precision', description: GLOSSARY.en.explain.averagePrecision.text, better: 'higher' },
  },
  lowerIsBetter: 'lower is better',
  higherIsBetter: 'higher is better',
  valueKind: GLOSSARY.en.valueKind,
  layout: GLOSSARY.en.layout,
  suitability: { suitable: 'suitable', caution: 'use with caution', unsuitable: 'unsuitable' },
  effort: GLOSSARY.en.effort,
  dataFacts: {
    rows: 'Rows',
    columns: 'Columns',
    observed: 'Observed values',
    density: 'Share of cells filled',
    kind: 'Kind of values',
    layout: 'Layout',
    check: 'Data check',
    hash: 'Data fingerprint (SHA-256, start)',
  },
  checkFindings: (verdict, n) => (n === 0 ? verdict : `${verdict} (${n} ${n === 1 ? 'finding' : 'findings'}, see "Limits of this result")`),
  goal: (goal, holdout) =>
    ({
      'fill-cells': `The goal is to fill in missing sensor values. ${holdout} of the observed values were picked at random and hidden (not used for training); the models, trained on the rest, were scored on how well they predict the hidden values.`,
      'new-rows': `The goal is to predict for new machines (rows). ${holdout} of the rows were hidden whole; the models had to predict the rest of each hidden row from a part of its values, without retraining.`,
      'latest-period': `The goal is to predict the latest period. The latest ${holdout} of the values by time were hidden; the models, trained on the earlier data, were scored on them.`,
    })[goal],
  method: (p) => [
    `Models compared: ${p.models}.`,
    `The split into training and test values was repeated ${p.repeats} times with different random seeds; each model's score is shown as the mean and a 95% interval (the range the true mean most likely lies in). ${p.validation} of each training part was used to decide when to stop training and to choose settings. ` +
      (p.legacy
        ? 'This result was stored by an earlier version: its intervals come from the spread between repeats only.'
        : `The interval of the ${p.primary} covers both which rows happened to be held out for testing (measured by a bootstrap that resamples whole test rows, because the cells of one machine are alike) and the spread between repeats from training and seeds. The other metrics' intervals come from the spread between repeats only.`),
    p.scaled
      ? 'Because the columns are in different units, the models learned from values standardised per column, and the comparison uses the normalised RMSE. RMSE and MAE in the table are in original units.'
      : `The comparison is decided on ${p.primary}.`,
    `NNMF and plain MF were scored on the same test cells in every split; their difference (NNMF − MF) gets a 95% interval in the same way. A difference within ±${p.band} of MF's score is treated as negligible. If the whole interval lies below −${p.band}, the verdict is "${p.headlines['nnmf-better']}"; above +${p.band}, "${p.headlines['mf-better']}"; wholly inside ±${p.band}, "${p.headlines.equivalent}"; if it crosses an edge of the band, "${p.headlines.inconclusive}".`,
    'A model that failed to train (never better than filling in each column\'s average, or diverging) or was still improving at its training limit is not counted as losing on that fit: the verdict is then inconclusive. Failing to show a difference is never read as "plain MF is enough".',
  ],
  reason: (r) => {
    switch (r.code) {
      case 'too-few-observations':
        return `Only ${formatCount(r.observed)} values are observed (guideline: ${formatCount(r.threshold)}). After holding some out for testing, too little is left to train on, and the comparison is unreliable.`
      case 'few-observations':
        return `Only ${formatCount(r.observed)} values are observed, fewer than the ${formatCount(r.threshold)} guideline. The neural part of NNMF is likely to overfit (learn the training data too closely); plain MF is the safer start.`
      case 'too-few-rows':
        return `Only ${formatCount(r.count)} rows (guideline: at least ${formatCount(r.threshold)}).`
      case 'too-few-columns':
        return `Only ${formatCount(r.count)} columns (guideline: at least ${formatCount(r.threshold)}).`
      case 'very-sparse':
        return `Only ${formatPercent(r.density)} of the cells are filled (guideline: ${formatPercent(r.threshold)}); most rows are estimated from a handful of values.`
      case 'sparse-rows':
        return `${formatCount(r.count)} of ${formatCount(r.total)} rows have fewer than ${r.threshold} observed values; predictions there stay close to average values.`
      case 'sparse-columns':
        return `${formatCount(r.count)} of ${formatCount(r.total)} columns have fewer than ${r.threshold} observed values; predictions there stay close to average values.`
      case 'skewed-columns':
        return `${formatCount(r.count)} of ${formatCount(r.total)} columns have strongly skewed values${namedEn(r.columns, r.count)}; rare large values pull the error. Consider a log transform before import.`
      case 'mixed-units':
        return `Column spreads differ by about ${formatOrders(r.orders)} orders of magnitude (mixed units). Per-column scaling handles this, but RMSE in original units is dominated by the large-unit columns.`
      case 'constant-columns':
        return `${formatCount(r.count)} columns hold a constant value${namedEn(r.columns, r.count)}; there is nothing to learn from them, so they are left out of the scores and charts.`
      case 'rare-positives':
        return `Only ${formatCount(r.positives)} values are 1 (failure), ${formatPercent(r.rate)} of all (guideline: ${formatPercent(r.threshold)}); AUC and similar scores rest on few events.`
      case 'binary-values-as-numeric':
        return 'Every value is 0 or 1 but the data was imported as measurements. If these are failures, import them as 0/1 data to get probabilities.'
    }
  },
  caveat: (c) => {
    switch (c.code) {
      case 'data-check':
        return en.reason(c.reason)
      case 'nnmf-hit-epoch-limit':
        return `In ${c.repeats} of ${c.of} repeats NNMF was still improving when it reached its training limit; longer training might improve it (re-run with "standard" or "thorough").`
      case 'few-repeats':
        return `Only ${c.repeats} repeats (at least ${c.minimum} recommended); the verdict is less reliable.`
      case 'suitability-overridden':
        return "The data check found the data unsuitable; the pilot was run anyway at the user's request."
      case 'legacy-statistics':
        return "This result was stored by an earlier version, whose interval came from a t-test over the splits alone, too narrow for overlapping splits. The verdict was decided again by today's rule; run the pilot again for a calibrated interval."
    }
  },
  best: (p) => {
    const who = p.isBaseline ? `the baseline "${p.model}"` : `"${p.model}"`
    if (!p.runnerUp) return `The best model overall was ${who}.`
    return `The best model overall was ${who}, ahead of "${p.runnerUp}" ${p.clearlyBetter ? 'by a clear margin' : 'but not clearly: the difference may be negligible or chance'}.`
  },
  adviceLabel: 'What to do:',
  noComparison: 'This pilot did not include both NNMF and plain MF, so they were not compared.',
  table: {
    model: 'Model',
    mean: 'Mean',
    interval: '95% interval',
    perRepeat: 'Per repeat',
    repeat: 'Repeat',
    difference: 'Difference (NNMF − MF)',
    column: 'Column',
    cells: 'Test cells',
    relative: 'Relative difference',
  },
  comparisonFacts: {
    meanDifference: 'Mean difference (NNMF − MF)',
    interval: '95% interval of the difference',
    relative: "Relative to MF's score",
    relativeInterval: '95% interval, relative to MF',
    band: 'Negligible band',
    method: 'How the interval was computed',
    pValue: 'p-value of "no difference" (from the same interval estimate)',
    verdict: 'Verdict',
  },
  bandValue: (width, share) => `± ${width} (± ${share} of MF's score)`,
  intervalMethod: (m, df) =>
    m.name === 'legacy-t-interval'
      ? `t-interval over the ${m.repeats} splits (an earlier version's method; run the pilot again)`
      : `Row bootstrap over the test rows (${formatCount(m.replicates)} replicates, ${formatCount(m.rows)} rows) combined with the spread between the ${m.repeats} repeats; Welch–Satterthwaite degrees of freedom (${df === null ? 'infinite: no spread between repeats' : formatMetric(df)}).`,
  intervalNote: (n) => `Values are means over ${n} repeats, with the 95% interval in brackets.`,
  charts: {
    metric: 'Metric by model (mean and 95% interval)',
    metricCaption: 'The dot is the mean, the vertical line the 95% interval. Models whose intervals overlap widely are not clearly different.',
    scatter: 'Predicted against actual',
    scatterCaption: 'A sample of the hidden test values: actual value across, predicted value up. The closer to the diagonal, the better.',
    scatterCaptionStandard:
      "A sample of the hidden test values: actual value across, predicted value up, each in its column's standard units ((value − column mean) ÷ column standard deviation), as the columns are in different units. The closer to the diagonal, the better.",
    calibration: 'Predicted probability against observed failure rate',
    calibrationCaption:
      'Predictions grouped by probability; the height is the share of actual failures (1) in each group. The closer to the diagonal, the more trustworthy the probabilities.',
    actual: 'Actual',
    predicted: 'Predicted',
    actualStandard: 'Actual (standard units of its column)',
    predictedStandard: 'Predicted (standard units)',
    probability: 'Predicted probability',
    share: 'Observed share',
    curves: 'Learning curves',
    curvesCaption:
      'How training progressed: solid lines are the validation error, dotted lines the training error. Training stopped once the validation error stopped improving.',
    epoch: 'Epoch',
    train: 'training',
    validation: 'validation',
    perColumn: 'Error difference by column (NNMF − MF, relative to MF)',
    perColumnCaption: 'Columns below zero (left) are predicted better by NNMF, columns above zero (right) by plain MF.',
    interval: 'Difference NNMF − MF with its 95% interval, against the negligible band',
    intervalCaption: (band) =>
      `The dot is the relative difference averaged over the splits, the whiskers its 95% interval. Differences inside the grey band (±${band} of MF's score) are treated as negligible. Interval wholly left of the band: NNMF better; wholly right: plain MF better; wholly inside: no meaningful difference; crossing an edge: inconclusive.`,
    intervalAxis: (metric) => `NNMF − MF, relative to MF's ${metric}`,
    nnmfSide: '← NNMF better',
    mfSide: 'plain MF better →',
    negligible: 'negligible',
  },
  perColumnNote: (shown, total) => `The ${formatCount(shown)} columns with the largest differences, out of ${formatCount(total)}.`,
  generalLimits: [
    'This result holds for this data and this way of hiding values. Data collected differently or over another period may give a different answer.',
    'Only values that were observed could be scored. If values tend to be missing under particular conditions (a failure, a stop), how well the models predict there is not measured here.',
  ],
  noLimits: 'The data check found no particular problems.',
  details: {
    effort: 'Effort',
    seed: 'Seed',
    engine: 'NNMF engine',
    backend: 'Compute backend',
    totalTime: 'Total time',
    modelTime: 'Training time by model',
    status: 'Status',
    created: 'Run at',
    scaling: 'Per-column scaling',
    scaledYes: 'yes',
    scaledNo: 'no',
    none: '—',
  },
}

export const REPORT_TEXTS: Record<ReportLanguage, ReportTexts> = { ja, en }
