import type { ImportProgress } from '../core/import/control.js'
import type { PilotProgress } from '../core/pilot/progress.js'
import { settingText } from '../core/training/setting-text.js'
import type { TrainRunProgress } from '../core/runs/train-run.js'
import type { Output } from './output.js'

/** Import phases as a bar: reading the file, parsing it, writing the store. */
export function importProgress(out: Output): (p: ImportProgress) => void {
  return (p) => out.progress(p.phase, p.done, p.total)
}

/** Epochs as a bar over every setting searched, with the setting, the losses and its time left. */
export function trainingProgress(out: Output): (p: TrainRunProgress) => void {
  return (p) => {
    const setting = p.candidates > 1 ? `setting ${p.candidate + 1}/${p.candidates} (${settingText(p.hyperparameters)}) · ` : ''
    const losses = `train ${p.trainLoss.toFixed(4)}${p.validationLoss !== null ? ` · validation ${p.validationLoss.toFixed(4)}` : ''}`
    const eta = p.etaMs !== null ? ` · ≤ ${Math.ceil(p.etaMs / 1000)} s left` : ''
    out.progress('train', p.candidate * p.maxEpochs + p.epoch, p.candidates * p.maxEpochs, `${setting}epoch ${p.epoch}/${p.maxEpochs} · ${losses}${eta}`)
  }
}

/** A pilot as one bar over all splits and models: where it is (split, model, epoch) and the time left. */
export function pilotProgress(out: Output): (p: PilotProgress) => void {
  return (p) => {
    const parts = [`split ${p.repeat + 1}/${p.repeats}`]
    if (p.model) parts.push(p.candidates > 1 ? `${p.model} (candidate ${p.candidate + 1}/${p.candidates})` : p.model)
    if (p.epoch !== null && p.maxEpochs !== null) parts.push(`epoch ${p.epoch}/${p.maxEpochs}`)
    if (p.phase === 'summarising') parts.push('summarising')
    // Extrapolated from the share done, weighted by each model's estimated cost: an estimate, not a bound.
    if (p.etaSeconds !== null && p.phase !== 'done') parts.push(`about ${Math.ceil(p.etaSeconds)} s left`)
    out.progress('pilot', Math.round(p.fraction * 1000), 1000, parts.join(' · '))
  }
}
