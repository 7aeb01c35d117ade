import { GLOSSARY } from '../glossary.js'

/** Words of the XLSX legend sheets, in Japanese and English. Column names and codes stay English (scripts read them). */
export type ExportLanguage = 'ja' | 'en'

export interface LegendTexts {
  completedTitle: string
  missingTitle: string
  riskTitle: string
  dataset: string
  model: string
  models: string
  exportedAt: string
  observedCell: string
  predictedCell: string
  unitsNumeric: string
  unitsBinary: string
  longColumns: string
  columnsHeading: string
  columns: Record<string, string>
  spreadNote: string
  riskNote: string
}

export const LEGEND_TEXTS: Record<ExportLanguage, LegendTexts> = {
  ja: {
    completedTitle: '補完済み行列（欠測セルをモデルの予測で埋めたもの）',
    missingTitle: GLOSSARY.ja.exportTitle.predictions,
    riskTitle: '故障リスクの高い組み合わせ（上位）',
    dataset: 'データセット',
    model: 'モデル',
    models: 'モデル',
    exportedAt: '出力日時',
    observedCell: '実測値（取り込んだデータの値そのまま）',
    predictedCell: '予測値（データになかったセルをモデルが推定した値。斜体・黄色の網掛け）',
    unitsNumeric: '値は元の単位です。',
    unitsBinary: '0/1 のデータです。予測値は「1（故障あり）」になる確率（0〜1）です。',
    longColumns: '「long」シートは同じ内容を 1 セル 1 行で並べたものです。source 列で実測（observed）と予測（predicted）を区別できます。',
    columnsHeading: '列の意味',
    columns: {
      row: '行のラベル（例：装置・ロット）',
      column: '列のラベル（例：センサー・故障モード）',
      value: '値（実測値または予測値）',
      source: 'observed＝実測値、predicted＝予測値',
      model: '予測したモデル（種類#番号）。実測値の行では空欄',
      prediction: '予測値（複数モデルのときはその平均）',
      spread: '複数モデルの予測のばらつき（標準偏差、n−1）。1 モデルのときは空欄',
      n_models: '予測に使ったモデルの数',
      rank: '順位（確率の高い順）',
      failure_mode: '故障モード（列のラベル）',
      probability: '予測された故障の確率（0〜1）',
    },
    spreadNote: 'ばらつきは、同じデータで学習した複数のモデル（繰り返し学習や MF と NNMF など）の予測の標準偏差です。大きいほど予測が不確かです。',
    riskNote: 'まだ観測されていない（データにない）組み合わせだけを、予測確率の高い順に並べています。',
  },
  en: {
    completedTitle: 'Completed matrix (missing cells filled with model predictions)',
    missingTitle: GLOSSARY.en.exportTitle.predictions,
    riskTitle: 'Highest-risk combinations (top N)',
    dataset: 'Dataset',
    model: 'Model',
    models: 'Models',
    exportedAt: 'Exported at',
    observedCell: 'Observed: the value as imported',
    predictedCell: 'Predicted: a cell missing from the data, estimated by the model (italic, amber shading)',
    unitsNumeric: 'Values are in the original units.',
    unitsBinary: 'The data are 0/1; a predicted value is the probability of a 1 (a failure), between 0 and 1.',
    longColumns: 'The "long" sheet holds the same cells, one per line; its source column tells observed from predicted.',
    columnsHeading: 'Columns',
    columns: {
      row: 'Row label (e.g. machine, lot)',
      column: 'Column label (e.g. sensor, failure mode)',
      value: 'Value (observed or predicted)',
      source: 'observed or predicted',
      model: 'The model that predicted (kind#id); empty for observed cells',
      prediction: 'Predicted value (the mean when several models are given)',
      spread: "Spread of the models' predictions (standard deviation, n − 1); empty with one model",
      n_models: 'Number of models behind the prediction',
      rank: 'Rank (highest probability first)',
      failure_mode: 'Failure mode (column label)',
      probability: 'Predicted probability of failure (0 to 1)',
    },
    spreadNote:
      'The spread is the standard deviation of the predictions of several models trained on the same data (repeats, or MF and NNMF); the larger it is, the less certain the prediction.',
    riskNote: 'Only combinations not observed in the data are listed, highest predicted probability first.',
  },
}
