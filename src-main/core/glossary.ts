/**
 * The product's terms, one name each per language: every screen (through contract/glossary.ts), the
 * report, the CLI and export file names take them from here, so a Japanese user meets one word for
 * one thing ("お試し", never also "クイック"). Plain data and pure functions; model names come from
 * each model's spec (models/specs.ts), the one list of models.
 */
import { MODEL_SPECS, type ModelKind } from './models/specs.js'

export type GlossaryLanguage = 'ja' | 'en'

type Effort = 'quick' | 'standard' | 'thorough'
type RunStatus = 'running' | 'training' | 'complete' | 'cancelled' | 'failed' | 'interrupted'

export interface Glossary {
  model: Record<ModelKind, string>
  effort: Record<Effort, string>
  layout: Record<'wide' | 'long', string>
  valueKind: Record<'numeric' | 'binary', string>
  /** A pilot's or a training run's state. */
  status: Record<RunStatus, string>
  /** A saved model's state in the Models table: 'complete' there means ready to use. */
  modelStatus: Record<RunStatus, string>
  /** What an export file is, for its name: "<dataset> <kind>.csv" ("<file of new rows> <kind>.csv" for newRows). */
  exportKind: Record<'completed' | 'predictions' | 'risk' | 'report' | 'newRows', string>
  /** The same exports by name, for buttons and legends. */
  exportTitle: Record<'completed' | 'predictions' | 'risk' | 'report', string>
  duration: { seconds: (s: string) => string; minutesSeconds: (m: number, s: string) => string; hoursMinutes: (h: number, m: string) => string }
  engine: {
    fastcpu: (threads: number | null) => string
    webgpu: (adapter: string | null) => string
    'tensorflow-gpu': string
    tensorflow: string
    wasm: (threads: number | null) => string
    cpu: string
    /** Mean, bias and MF models: plain TypeScript on typed arrays. */
    'typed-arrays': string
    none: string
    software: string
  }
  /** Why a backend the app tried is not in use, for the engine badge's tooltip. */
  attempt: { ok: string; 'not-installed': string; failed: string }
  /** What the metric and statistical words mean, for tooltips, the results page's help panel and the report. */
  explain: Record<ExplainedTerm, { term: string; text: string }>
}

export type ExplainedTerm =
  'rmse' | 'mae' | 'nrmse' | 'logLoss' | 'auc' | 'averagePrecision' | 'interval' | 'band' | 'p' | 'nnmf-better' | 'mf-better' | 'equivalent' | 'inconclusive'

/** The terms the results page's help panel lists, in its order. */
export const HELP_TERMS: readonly ExplainedTerm[] = ['rmse', 'mae', 'nrmse', 'interval', 'band', 'p', 'nnmf-better', 'mf-better', 'equivalent', 'inconclusive']

function modelNames(language: GlossaryLanguage): Record<ModelKind, string> {
  return Object.fromEntries(MODEL_SPECS.map((s) => [s.kind, s.words[language].name])) as Record<ModelKind, string>
}

const en: Glossary = {
  model: modelNames('en'),
  effort: { quick: 'quick', standard: 'standard', thorough: 'thorough' },
  layout: { wide: 'Wide (rows × columns)', long: 'Long (one value per line)' },
  valueKind: { numeric: 'Measurements (numbers)', binary: 'Failures (0/1)' },
  status: { running: 'Running', training: 'Training', complete: 'Complete', cancelled: 'Cancelled', failed: 'Failed', interrupted: 'Interrupted' },
  modelStatus: { running: 'Training', training: 'Training', complete: 'Ready', cancelled: 'Cancelled', failed: 'Failed', interrupted: 'Interrupted' },
  exportKind: { completed: 'completed', predictions: 'predictions', risk: 'risk', report: 'report', newRows: 'predictions' },
  exportTitle: { completed: 'Completed matrix', predictions: 'Predictions for the missing cells', risk: 'Risk list', report: 'Report' },
  duration: {
    seconds: (s) => `${s} s`,
    minutesSeconds: (m, s) => `${m} min ${s} s`,
    hoursMinutes: (h, m) => `${h} h ${m} min`,
  },
  engine: {
    fastcpu: (threads) => `CPU fast path (WebAssembly SIMD${threads === null ? '' : `, ${threads} thread${threads === 1 ? '' : 's'}`})`,
    webgpu: (adapter) => (adapter ? `WebGPU on ${adapter}` : 'WebGPU'),
    'tensorflow-gpu': 'TensorFlow native (CUDA GPU)',
    tensorflow: 'TensorFlow native (CPU)',
    wasm: (threads) => `TensorFlow.js WebAssembly (CPU${threads === null ? '' : `, ${threads} thread${threads === 1 ? '' : 's'}`})`,
    cpu: 'TensorFlow.js JavaScript (CPU, 1 thread)',
    'typed-arrays': 'CPU (TypeScript)',
    none: 'No training engine could start',
    software: 'software',
  },
  attempt: { ok: 'available', 'not-installed': 'not installed', failed: 'could not start' },
  explain: {
    rmse: { term: 'RMSE', text: 'Typical size of the prediction error (root mean square, original units). Lower is better.' },
    mae: { term: 'MAE', text: 'Average absolute prediction error (original units). Lower is better.' },
    nrmse: {
      term: 'Normalised RMSE',
      text: "Each column's (sensor's) error divided by the spread of its values, averaged over the columns, so columns in different units weigh alike; 1.0 is about as good as filling in each sensor's average. Lower is better.",
    },
    logLoss: { term: 'Log loss', text: 'How far the predicted probabilities are off. Lower is better.' },
    auc: { term: 'AUC', text: 'How often a failure cell is scored above a non-failure cell (0.5 is guessing, 1 is perfect). Higher is better.' },
    averagePrecision: { term: 'Average precision', text: 'How well real failures gather at the top of the predicted ranking. Higher is better.' },
    interval: {
      term: '95% interval',
      text: 'The range the true value most likely lies in, given how much the result varied between splits and rows. A narrow interval means a firm result; a wide one, that the pilot could not pin it down.',
    },
    band: { term: 'Negligible band', text: "Differences smaller than this share of plain MF's error are treated as too small to matter in practice." },
    p: {
      term: 'p-value',
      text: 'How surprising the measured difference would be if the two models were in truth equally good. Small values (below 0.05) speak against "no difference"; the verdict itself follows the interval and the band, not p.',
    },
    'nnmf-better': {
      term: 'NNMF is better',
      text: 'The whole interval of the difference lies below the negligible band: NNMF predicted better by more than the band.',
    },
    'mf-better': { term: 'Plain MF is better', text: 'The whole interval lies above the negligible band: plain MF predicted better by more than the band.' },
    equivalent: {
      term: 'No meaningful difference',
      text: 'The whole interval lies inside the negligible band: any difference is too small to matter, so the simpler plain MF will do.',
    },
    inconclusive: {
      term: 'Inconclusive',
      text: 'The interval crosses an edge of the band, or a model failed to fit or was still improving: this pilot cannot tell yet. The verdict says what would settle it.',
    },
  },
}

const ja: Glossary = {
  model: modelNames('ja'),
  effort: { quick: 'お試し', standard: '標準', thorough: '念入り' },
  layout: { wide: '横持ち（行 × 列）', long: '縦持ち（1 行に 1 値）' },
  valueKind: { numeric: '計測値（数値）', binary: '故障（0/1）' },
  status: { running: '実行中', training: '学習中', complete: '完了', cancelled: '中止', failed: '失敗', interrupted: '中断' },
  modelStatus: { running: '学習中', training: '学習中', complete: '使用可', cancelled: '中止', failed: '失敗', interrupted: '中断' },
  exportKind: { completed: '補完済み行列', predictions: '欠測セルの予測値', risk: 'リスク一覧', report: 'レポート', newRows: '予測値' },
  exportTitle: { completed: '補完済み行列', predictions: '欠測セルの予測値', risk: 'リスク一覧', report: 'レポート' },
  duration: {
    seconds: (s) => `${s} 秒`,
    minutesSeconds: (m, s) => `${m} 分 ${s} 秒`,
    hoursMinutes: (h, m) => `${h} 時間 ${m} 分`,
  },
  engine: {
    fastcpu: (threads) => `CPU 高速経路（WebAssembly SIMD${threads === null ? '' : `、${threads} スレッド`}）`,
    webgpu: (adapter) => (adapter ? `WebGPU（${adapter}）` : 'WebGPU'),
    'tensorflow-gpu': 'TensorFlow ネイティブ（CUDA GPU）',
    tensorflow: 'TensorFlow ネイティブ（CPU）',
    wasm: (threads) => `TensorFlow.js WebAssembly（CPU${threads === null ? '' : `、${threads} スレッド`}）`,
    cpu: 'TensorFlow.js JavaScript（CPU、1 スレッド）',
    'typed-arrays': 'CPU（TypeScript）',
    none: '学習エンジンを起動できませんでした',
    software: 'ソフトウェア',
  },
  attempt: { ok: '使用できます', 'not-installed': 'インストールされていません', failed: '起動できませんでした' },
  explain: {
    rmse: { term: 'RMSE', text: '予測誤差の大きさ（二乗平均平方根、元の単位）。小さいほど良い。' },
    mae: { term: 'MAE', text: '予測誤差の絶対値の平均（元の単位）。小さいほど良い。' },
    nrmse: {
      term: '正規化 RMSE',
      text: '列（センサー）ごとの誤差をその列の値のばらつきで割り、全列で平均したもの。単位の違う列を同じ重みで比べます。1.0 は「各センサーの平均値で埋めた」のと同程度。小さいほど良い。',
    },
    logLoss: { term: '対数損失', text: '確率予測の外れ具合。小さいほど良い。' },
    auc: { term: 'AUC', text: '故障ありのセルを故障なしより高く予測できた割合（0.5 で当て推量、1 で完璧）。大きいほど良い。' },
    averagePrecision: { term: '平均適合率', text: '予測の上位にどれだけ実際の故障が集まったか。大きいほど良い。' },
    interval: {
      term: '95% 区間',
      text: '分割や行による結果のばらつきから見て、本当の値がおそらく入る範囲。狭ければ結果は確かで、広ければこのパイロットでは絞り込めなかったことを表します。',
    },
    band: { term: '無視できる幅', text: '通常の MF の誤差に対してこの割合より小さい差は、実用上意味がないとみなします。' },
    p: {
      term: 'p 値',
      text: '2 つのモデルが本当は同じ良さだとしたら、測った差がどれほど珍しいかを表す値。小さい（0.05 未満）ほど「差がない」とは考えにくくなります。判定は p ではなく区間と無視できる幅で決めます。',
    },
    'nnmf-better': { term: 'NNMF のほうが良い', text: '差の区間全体が無視できる幅より下にあります。NNMF がその幅を超えて良く予測しました。' },
    'mf-better': { term: '通常の MF のほうが良い', text: '差の区間全体が無視できる幅より上にあります。通常の MF がその幅を超えて良く予測しました。' },
    equivalent: {
      term: '意味のある差はない',
      text: '差の区間全体が無視できる幅の内側にあります。差があっても実用上は小さいため、単純な通常の MF で十分です。',
    },
    inconclusive: {
      term: '判定できない',
      text: '区間が幅の端をまたいでいるか、学習に失敗した・まだ改善中のモデルがあり、このパイロットではまだ判定できません。判定に必要なことは判定の文に書かれています。',
    },
  },
}

export const GLOSSARY: Readonly<Record<GlossaryLanguage, Glossary>> = { ja, en }

/** A measured duration: "0.054 s" / "0.054 秒", "42.5 s" / "42.5 秒", "2 min 07 s" / "2 分 07 秒", "1 h 05 min" / "1 時間 05 分". */
export function durationWords(seconds: number, language: GlossaryLanguage): string {
  const d = GLOSSARY[language].duration
  // Sub-second times (a baseline's fit) keep two significant digits rather than rounding to 0.0.
  if (seconds < 1) return d.seconds(seconds === 0 ? '0' : String(Number(seconds.toPrecision(2))))
  if (seconds < 60) return d.seconds(seconds.toFixed(1))
  const whole = Math.round(seconds)
  const pad = (k: number): string => String(k).padStart(2, '0')
  if (whole < 3600) return d.minutesSeconds(Math.floor(whole / 60), pad(whole % 60))
  return d.hoursMinutes(Math.floor(whole / 3600), pad(Math.floor((whole % 3600) / 60)))
}

/** What an engine is, as stored with models and pilots: its name and, where it has them, threads and adapter. */
export interface EngineFacts {
  /** 'fastcpu', 'webgpu', 'tfjs-<backend>' or 'none'. */
  name: string
  threads?: number | null
  /** The WebGPU adapter as the core names it (vendor · architecture · description). */
  adapter?: string | null
  software?: boolean
}

/**
 * The facts of an engine from what older records hold (its name and the core's English label, e.g.
 * "CPU fast path (WebAssembly SIMD, 2 threads)" or "WebGPU on google · swiftshader (software)").
 */
export function engineFactsFromLabel(name: string, label: string): EngineFacts {
  const threads = /(\d+) threads?/.exec(label)?.[1]
  const software = /\(software\)\s*$/.test(label)
  const adapter = name === 'webgpu' ? (/^WebGPU on (.*?)(?: \(software\))?$/.exec(label)?.[1] ?? null) : null
  return { name, threads: threads === undefined ? null : Number(threads), adapter, software }
}

/** The engine in words, from its facts; null for a name this version does not know (show the stored label). */
export function engineWords(facts: EngineFacts, language: GlossaryLanguage): string | null {
  const e = GLOSSARY[language].engine
  const threads = facts.threads ?? null
  switch (facts.name) {
    case 'fastcpu':
      return e.fastcpu(threads)
    case 'webgpu': {
      const adapter = facts.adapter ? (facts.software ? `${facts.adapter} (${e.software})` : facts.adapter) : null
      return e.webgpu(adapter)
    }
    case 'tfjs-tensorflow-gpu':
      return e['tensorflow-gpu']
    case 'tfjs-tensorflow':
      return e.tensorflow
    case 'tfjs-wasm':
      return e.wasm(threads)
    case 'tfjs-cpu':
      return e.cpu
    case 'typed-arrays':
      return e['typed-arrays']
    case 'none':
      return e.none
    default:
      return null
  }
}

/** The engine named from a stored name and label, in the language asked; the label itself when the name is unknown. */
export function engineLabelWords(name: string, label: string, language: GlossaryLanguage): string {
  return engineWords(engineFactsFromLabel(name, label), language) ?? label
}

/** The backends the app tries, by their probe names, as the badge's tooltip lists them. */
export function backendWords(name: string, language: GlossaryLanguage): string {
  const e = GLOSSARY[language].engine
  switch (name) {
    case 'tensorflow-gpu':
      return e['tensorflow-gpu']
    case 'tensorflow':
      return e.tensorflow
    case 'wasm':
      return e.wasm(null)
    case 'cpu':
      return e.cpu
    default:
      return name
  }
}

/** An export's file name: "<subject> <kind>.<ext>" in the export's language. */
export function exportFileName(subject: string, kind: keyof Glossary['exportKind'], extension: string, language: GlossaryLanguage): string {
  return `${subject} ${GLOSSARY[language].exportKind[kind]}.${extension}`
}

/** A trained model's name, the same from every page that trains one: "通常の MF · <dataset>". */
export function defaultModelName(kind: ModelKind, datasetName: string, language: GlossaryLanguage): string {
  return `${GLOSSARY[language].model[kind]} · ${datasetName}`
}

/** A pilot's name when the user gives none: "<dataset> · お試し" / "<dataset> · quick" (as the CLI names it). */
export function defaultPilotName(datasetName: string, effort: Effort, language: GlossaryLanguage): string {
  return `${datasetName} · ${GLOSSARY[language].effort[effort]}`
}

/**
 * The name for the same pilot run at another effort: a name ending in its effort (in either
 * language) gets the new one, in the page's language; a name the user chose stays as it is.
 */
export function pilotNameForEffort(name: string, from: Effort, to: Effort, language: GlossaryLanguage): string {
  for (const words of [GLOSSARY.ja.effort, GLOSSARY.en.effort]) {
    const suffix = ` · ${words[from]}`
    if (name.endsWith(suffix)) return `${name.slice(0, -suffix.length)} · ${GLOSSARY[language].effort[to]}`
  }
  return name
}
