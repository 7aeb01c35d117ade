import type { ImportProgress } from '../core/import/control.js'
import type { TrainingProgress } from '../core/models/model.js'
import type { Output } from './output.js'

/** Import phases as a bar: reading the file, parsing it, writing the store. */
export function importProgress(out: Output): (p: ImportProgress) => void {
  return (p) => out.progress(p.phase, p.done, p.total)
}

/** Epochs as a bar, with the losses and the time left. */
export function trainingProgress(out: Output): (p: TrainingProgress) => void {
  return (p) => {
    const losses = `train ${p.trainLoss.toFixed(4)}${p.validationLoss !== null ? ` · validation ${p.validationLoss.toFixed(4)}` : ''}`
    const eta = p.etaMs !== null ? ` · ≤ ${Math.ceil(p.etaMs / 1000)} s left` : ''
    out.progress('train', p.epoch, p.maxEpochs, `epoch ${p.epoch}/${p.maxEpochs} · ${losses}${eta}`)
  }
}
