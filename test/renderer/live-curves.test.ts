import { describe, expect, it } from 'vitest'
import type { PilotProgress } from '../../src-main/core/pilot/progress.js'
import { addProgressPoint, type LiveCurves } from '../../src-renderer/src/stores/live-curves.js'

function progress(candidate: number, epoch: number, loss: number, repeat = 0): PilotProgress {
  return {
    phase: 'training',
    repeat,
    repeats: 3,
    model: 'mf',
    candidate,
    candidates: 2,
    epoch,
    maxEpochs: 15,
    trainLoss: null,
    validationLoss: loss,
    fraction: 0.1,
    elapsedSeconds: 1,
    etaSeconds: null,
  }
}

describe("the running pilot's learning curves", () => {
  it('start again with each tuning candidate, so no line runs back from one candidate’s last epoch to the next one’s first', () => {
    let curves: LiveCurves = {}
    for (const [candidate, epoch, loss] of [
      [0, 1, 0.9],
      [0, 2, 0.8],
      [0, 3, 0.7],
      [1, 1, 0.95],
      [1, 2, 0.6],
    ] as const)
      curves = addProgressPoint(curves, progress(candidate, epoch, loss))
    expect(curves['mf:0']).toEqual({
      candidate: 1,
      points: [
        [1, 0.95],
        [2, 0.6],
      ],
    })
  })

  it('keeps one curve per model and repeat, and ignores a repeated epoch and progress without a loss', () => {
    let curves: LiveCurves = {}
    curves = addProgressPoint(curves, progress(0, 1, 0.9))
    curves = addProgressPoint(curves, progress(0, 1, 0.9))
    curves = addProgressPoint(curves, progress(0, 1, 0.5, 1))
    curves = addProgressPoint(curves, { ...progress(0, 2, 0.4), validationLoss: null })
    expect(Object.keys(curves)).toEqual(['mf:0', 'mf:1'])
    expect(curves['mf:0']!.points).toEqual([[1, 0.9]])
  })
})
