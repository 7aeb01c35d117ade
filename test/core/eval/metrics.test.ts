import { describe, expect, it } from 'vitest'
import { auc, averagePrecision, logLoss, mae, precisionRecallCurve, rmse } from '../../../src-main/core/eval/metrics.js'

describe('regression metrics', () => {
  it('computes RMSE and MAE by hand', () => {
    // errors 1, −2, 0, 3: squares 1, 4, 0, 9 → mean 3.5
    const truth = [1, 2, 3, 4]
    const predicted = [2, 0, 3, 7]
    expect(rmse(predicted, truth)).toBeCloseTo(Math.sqrt(3.5), 12)
    expect(mae(predicted, truth)).toBeCloseTo(1.5, 12)
  })

  it('refuses mismatched lengths', () => {
    expect(() => rmse([1, 2], [1])).toThrow(/2 predictions for 1/)
  })

  it('computes log loss', () => {
    expect(logLoss([0.8, 0.25], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.75)) / 2, 12)
  })
})

describe('AUC', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1)
    expect(auc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0)
  })

  it('counts ties as one half', () => {
    // positives 0.8, 0.5; negatives 0.5, 0.2. Pairs: (0.8>0.5)=1, (0.8>0.2)=1, (0.5=0.5)=½, (0.5>0.2)=1 → 3.5/4
    expect(auc([0.8, 0.5, 0.5, 0.2], [1, 1, 0, 0])).toBeCloseTo(0.875, 12)
    // all equal → 0.5
    expect(auc([0.3, 0.3, 0.3], [1, 0, 0])).toBeCloseTo(0.5, 12)
  })

  it('is NaN with a single class', () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN()
  })
})

describe('precision and recall', () => {
  it('gives one point per distinct score and the step-wise average precision', () => {
    // scores 0.9(1) 0.7(0) 0.7(1) 0.3(0) 0.1(1); 3 positives
    const scores = [0.9, 0.7, 0.7, 0.3, 0.1]
    const truth = [1, 0, 1, 0, 1]
    const curve = precisionRecallCurve(scores, truth)
    expect(curve.map((p) => p.threshold)).toEqual([0.9, 0.7, 0.3, 0.1])
    expect(curve.map((p) => p.precision)).toEqual([1, 2 / 3, 2 / 4, 3 / 5])
    expect(curve.map((p) => p.recall)).toEqual([1 / 3, 2 / 3, 2 / 3, 1])
    // AP = 1/3·1 + 1/3·2/3 + 0·1/2 + 1/3·3/5
    expect(averagePrecision(scores, truth)).toBeCloseTo(1 / 3 + 2 / 9 + 1 / 5, 12)
  })
})
