import type { Messages } from './en'

export const ja: Messages = {
  app: {
    title: 'NNMF ワークベンチ',
    tagline: '工場の行列の欠けを埋め、ニューラルモデルが本当に役立つかを正直に確かめます。',
    language: '言語',
    nav: { home: 'ホーム' },
  },
  backend: {
    heading: '学習バックエンド',
    checking: 'この PC で使えるバックエンドを確認しています…',
  },
  home: {
    datasetsHeading: 'データセット',
    loading: 'データセットを読み込んでいます…',
    emptyTitle: 'データセットはまだありません',
    emptyBody: 'CSV・TSV・Excel から行列を取り込むか（行に機械や製造ロット、列にセンサーや故障モード）、サンプルデータで始めてください。',
    columns: { name: '名前', shape: '行 × 列', observed: '観測値の数', density: '充填率', kind: '値の種類', created: '取り込み日時' },
    kind: { numeric: '計測値', binary: '故障 (0/1)' },
    loadError: 'データセットを読み込めませんでした: {message}',
  },
  common: { retry: '再試行' },
}
