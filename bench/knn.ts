import fs from 'node:fs'
import path from 'node:path'
import type { SparseMatrix } from '../src-main/core/matrix/sparse.js'
import { createBiasModel } from '../src-main/core/models/bias.js'
import { createKnnModel, type KnnConfig } from '../src-main/core/models/knn.js'
import type { Model } from '../src-main/core/models/model.js'

/**
 * The neighbourhood model on MovieLens 100K's canonical u1.base / u1.test split, beside Surprise's
 * published KNNBaseline figure. That figure (Surprise README, "Benchmarks": RMSE .9306 printed as
 * 0.931, MAE .7334) is a 5-fold cross-validation mean with KNNBaseline's DEFAULT parameters:
 * user-based, MSD similarity, k 40, min_k 1, ALS baselines. Ours is item-based pearson_baseline
 * (shrinkage 100), on one fixed split: the same family, not the same configuration or protocol.
 * So the run also prints the user-based variant (the same model on the transposed table, the
 * baseline's regularisation swapped with it) and the baseline alone (Surprise BaselineOnly .9445).
 * u1 is a harder split than the average fold: Surprise's KNNBasic notebook scores 0.9889 on u1
 * against .9789 in its 5-fold table, so expect u1 figures about 0.01 above the published ones.
 */
const DATA = path.resolve(import.meta.dirname, '../../shared/data/movielens-100k')
const SURPRISE_KNN_BASELINE_RMSE = 0.9306

/** MovieLens u1 files by their 1-based user and item ids, so train and test share indices. */
function readRatings(file: string): SparseMatrix {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
  const cells = lines.map((l) => l.split('\t').map(Number) as [number, number, number])
  return {
    nRows: 943,
    nCols: 1682,
    rows: Int32Array.from(cells, (c) => c[0] - 1),
    cols: Int32Array.from(cells, (c) => c[1] - 1),
    values: Float64Array.from(cells, (c) => c[2]),
  }
}

function transpose(m: SparseMatrix): SparseMatrix {
  return { nRows: m.nCols, nCols: m.nRows, rows: m.cols, cols: m.rows, values: m.values }
}

async function score(model: Model, train: SparseMatrix, test: SparseMatrix): Promise<{ rmse: number; mae: number; seconds: number }> {
  const started = performance.now()
  await model.fit(train, { seed: 0 })
  const predicted = await model.predict(test.rows, test.cols)
  const seconds = (performance.now() - started) / 1000
  let se = 0
  let ae = 0
  predicted.forEach((p, i) => {
    se += (p - test.values[i]!) ** 2
    ae += Math.abs(p - test.values[i]!)
  })
  return { rmse: Math.sqrt(se / predicted.length), mae: ae / predicted.length, seconds }
}

export async function benchKnn(): Promise<void> {
  const train = readRatings(path.join(DATA, 'u1.base'))
  const test = readRatings(path.join(DATA, 'u1.test'))
  console.log(`ML-100K u1: ${train.values.length} training and ${test.values.length} test ratings`)
  const itemBased: Partial<KnnConfig> = {}
  const userBased: Partial<KnnConfig> = { regRow: 10, regCol: 15 }
  const runs: [string, () => Promise<{ rmse: number; mae: number; seconds: number }>][] = [
    ['knn, item-based pearson_baseline (the model)', () => score(createKnnModel(itemBased), train, test)],
    ['knn, user-based pearson_baseline (transposed)', () => score(createKnnModel(userBased), transpose(train), transpose(test))],
    ['row and column bias alone', () => score(createBiasModel({ lambdaBias: 10 }), train, test)],
  ]
  for (const [name, run] of runs) {
    const r = await run()
    console.log(`${name.padEnd(48)} RMSE ${r.rmse.toFixed(4)}  MAE ${r.mae.toFixed(4)}  ${r.seconds.toFixed(1)} s (fit + predict)`)
  }
  console.log(
    `Surprise KNNBaseline, published: RMSE ${SURPRISE_KNN_BASELINE_RMSE} (ML-100K 5-fold CV mean, default parameters: user-based MSD similarity, k 40;`,
  )
  console.log('  on u1 alone Surprise runs about 0.01 higher: KNNBasic 0.9889 on u1 against .9789 over 5 folds)')
}
