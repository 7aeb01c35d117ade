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
  /** What an export file is, for its name: "<dataset> <kind>.csv". */
  exportKind: Record<'completed' | 'predictions' | 'risk' | 'report', string>
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
}

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
  exportKind: { completed: 'completed', predictions: 'predictions', risk: 'risk', report: 'report' },
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
}

const ja: Glossary = {
  model: modelNames('ja'),
  effort: { quick: 'お試し', standard: '標準', thorough: '念入り' },
  layout: { wide: '横持ち（行 × 列）', long: '縦持ち（1 行に 1 値）' },
  valueKind: { numeric: '計測値（数値）', binary: '故障（0/1）' },
  status: { running: '実行中', training: '学習中', complete: '完了', cancelled: '中止', failed: '失敗', interrupted: '中断' },
  modelStatus: { running: '学習中', training: '学習中', complete: '使用可', cancelled: '中止', failed: '失敗', interrupted: '中断' },
  exportKind: { completed: '補完済み行列', predictions: '欠けの予測値', risk: 'リスク一覧', report: 'レポート' },
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
    case 'fastcpu': return e.fastcpu(threads)
    case 'webgpu': {
      const adapter = facts.adapter ? (facts.software ? `${facts.adapter} (${e.software})` : facts.adapter) : null
      return e.webgpu(adapter)
    }
    case 'tfjs-tensorflow-gpu': return e['tensorflow-gpu']
    case 'tfjs-tensorflow': return e.tensorflow
    case 'tfjs-wasm': return e.wasm(threads)
    case 'tfjs-cpu': return e.cpu
    case 'typed-arrays': return e['typed-arrays']
    case 'none': return e.none
    default: return null
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
    case 'tensorflow-gpu': return e['tensorflow-gpu']
    case 'tensorflow': return e.tensorflow
    case 'wasm': return e.wasm(null)
    case 'cpu': return e.cpu
    default: return name
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
