import type { SparseMatrix } from '../matrix/sparse.js'
import type { FoldInOptions, Model, Predictor } from '../models/model.js'

/**
 * Fold-in: new rows (new machines) with a few observed values get their row parameters fit with
 * everything else fixed, without retraining. `newRows` is indexed 0..r−1 over the model's columns;
 * the returned predictor answers for cells of those new rows (dispose it when done: an NNMF
 * fold-in holds its own engine). Mean: nothing to fit. Bias and MF: one ridge solve per row
 * (a few Newton steps for logistic). NNMF: latent-only engine steps on the new rows.
 */
export async function foldIn(model: Model, newRows: SparseMatrix, options: FoldInOptions): Promise<Predictor> {
  return model.foldIn(newRows, options)
}
