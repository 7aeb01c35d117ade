/** The note a run carries when its GPU was lost and the CPU fast path finished it, in ja/en (app, report, CLI). */
import type { EngineFallback } from './fallback-engine.js'

export function engineFallbackWords(fallback: Pick<EngineFallback, 'reason' | 'replayedSteps'>, language: 'ja' | 'en'): string {
  if (language === 'ja') {
    const why = fallback.reason === 'out-of-memory' ? 'GPU のメモリーが足りなくなった' : 'GPU が使えなくなった（デバイスの喪失）'
    return `学習の途中で${why}ため、最後のチェックポイントから CPU 高速経路で続けて最後まで学習しました（再実行したステップ ${fallback.replayedSteps}）。失われた結果はありません。`
  }
  const why = fallback.reason === 'out-of-memory' ? 'the GPU ran out of memory' : 'the GPU was lost (device lost)'
  return `Mid-training ${why}; the CPU fast path went on from the last checkpoint and finished the run (${fallback.replayedSteps} steps replayed). Nothing was lost.`
}
