import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '../../src-main/core/random.js'
import { TRAIN_SEARCH } from '../../src-main/core/training/hyperparameters.js'
import { tempDir as makeTempDir, removeTempDirs } from '../core/import/helpers.js'
import { cli, json, SECOM } from './helpers.js'

/**
 * Model reuse end to end on SECOM: the first 1467 runs train MF and the bias baseline; the last 100
 * runs (their missing cells written NaN, as in the file) come as new rows with half of their observed cells blanked out, are folded in through
 * `predict`, and are scored on the blanked cells. Errors are measured per sensor in units of that
 * sensor's standard deviation on the training runs (the raw units span six orders of magnitude).
 */
const N_TRAIN = 1467
let dataDir: string
let work: string
const heldOut = new Map<string, number>()
const stdOf = new Map<string, number>()

beforeAll(() => {
  dataDir = makeTempDir('nnmf-cli-store-')
  work = makeTempDir('nnmf-cli-files-')
  const lines = fs
    .readFileSync(SECOM, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.trimEnd().split(','))
  const header = lines[0]!
  const train = lines.slice(1, 1 + N_TRAIN)
  const fresh = lines.slice(1 + N_TRAIN)
  header.slice(1).forEach((col, k) => {
    const xs = train
      .map((f) => f[k + 1]!)
      .filter((v) => v !== '' && v !== 'NaN')
      .map(Number)
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    stdOf.set(col, Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length))
  })
  fs.writeFileSync(path.join(work, 'secom-train.csv'), [header, ...train].map((f) => f.join(',')).join('\n') + '\n')
  const rng = createRng(3)
  const blanked = fresh.map((f) => [
    ...f.map((v, j) => {
      if (j === 0 || v === '' || v === 'NaN' || rng.next() >= 0.5) return v
      heldOut.set(`${f[0]}\t${header[j]}`, Number(v))
      return ''
    }),
    '21.5',
  ])
  fs.writeFileSync(path.join(work, 'secom-new.csv'), [[...header, 'ambient_temp'], ...blanked].map((f) => f.join(',')).join('\n') + '\n')
})
afterAll(removeTempDirs)

function readPredictions(file: string): { row: string; column: string; value: number; observed: string; model: string }[] {
  const bytes = fs.readFileSync(file)
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const [head, ...rest] = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n')
  expect(head).toBe('row,column,value,observed,model')
  return rest.map((line) => {
    const [row, column, value, observed, model] = line.split(',')
    return { row: row!, column: column!, value: Number(value), observed: observed!, model: model! }
  })
}

function standardisedRmse(file: string): { rmse: number; n: number } {
  let se = 0
  let n = 0
  for (const p of readPredictions(file)) {
    const truth = heldOut.get(`${p.row}\t${p.column}`)
    if (truth === undefined) continue
    expect(p.observed).toBe('0')
    const sd = stdOf.get(p.column)!
    if (!(sd > 0)) continue // constant sensors: every model predicts them exactly
    se += ((p.value - truth) / sd) ** 2
    n++
  }
  return { rmse: Math.sqrt(se / n), n }
}

describe('CLI train and predict on SECOM', () => {
  const ids = { dataset: 0, mf: 0, bias: 0 }

  it('trains MF and the bias baseline, with the engine and backend in the JSON', async () => {
    const imported = json(await cli(['import', path.join(work, 'secom-train.csv'), '--data-dir', dataDir, '--json', '-q']))
    expect(imported.dataset).toMatchObject({ nRows: N_TRAIN, nCols: 590 })
    ids.dataset = imported.dataset.id
    const [mf, bias] = await Promise.all([
      cli(['train', '--dataset', String(ids.dataset), '--model', 'mf', '--seed', '1', '--data-dir', dataDir, '--json']),
      cli(['train', '--dataset', String(ids.dataset), '--model', 'bias', '--data-dir', dataDir, '--json', '--quiet']),
    ])
    expect(mf.code).toBe(0)
    expect(mf.stderr).toContain('engine: typed-arrays · CPU (TypeScript)')
    const doc = json(mf)
    expect(doc).toMatchObject({
      ok: true,
      command: 'train',
      engine: 'typed-arrays',
      backend: 'CPU (TypeScript)',
      model: { datasetId: ids.dataset, kind: 'mf', status: 'complete', seed: 1, engine: 'typed-arrays', name: 'MF · secom-train' },
    })
    expect(doc.model.metrics.validationRmse).toBeGreaterThan(0)
    expect(doc.model.metrics.epochs).toBeGreaterThan(0)
    // d and λ were chosen on validation from the grid: the kept setting has the lowest loss.
    const search = doc.model.metrics.search as Array<{ d: number; lambda: number; validationLoss: number }>
    const settings = TRAIN_SEARCH.mf.dGrid.length * TRAIN_SEARCH.mf.lambdaGrid.length
    expect(search).toHaveLength(settings)
    const best = search.reduce((a, b) => (b.validationLoss < a.validationLoss ? b : a))
    expect(doc.model.metrics.hyperparameters).toEqual({ d: best.d, lambda: best.lambda })
    expect(mf.stderr).toMatch(new RegExp(`train: .*setting \\d/${settings} \\(d \\d+, λ \\d+\\)`))
    expect(bias.stderr).toBe('')
    ids.mf = doc.model.id
    ids.bias = json(bias).model.id
    const models = json(await cli(['models', '--data-dir', dataDir, '--json']))
    expect(models.models.map((m: { id: number }) => m.id).sort()).toEqual([ids.mf, ids.bias].sort())
  }, 180_000)

  it('folds held-out runs in: MF beats the bias baseline on the cells they did not show', async () => {
    const out = (kind: string): string => path.join(work, `predictions-${kind}.csv`)
    const [mf, bias] = await Promise.all(
      (['mf', 'bias'] as const).map((kind) =>
        cli(['predict', '--model', String(ids[kind]), path.join(work, 'secom-new.csv'), '--out', out(kind), '--data-dir', dataDir, '--json']),
      ),
    )
    expect(mf!.code).toBe(0)
    expect(mf!.stderr).toContain('Ignored 1 column(s) the model does not know: "ambient_temp"')
    const doc = json(mf!)
    expect(doc).toMatchObject({
      ok: true,
      command: 'predict',
      out: out('mf'),
      rows: 100,
      columns: 590,
      cells: 59_000,
      unknownColumns: ['ambient_temp'],
      absentColumns: 0,
      model: { id: ids.mf, kind: 'mf' },
      engine: 'typed-arrays',
    })
    expect(doc.predicted + doc.observed).toBe(59_000)
    expect(doc.predicted).toBeGreaterThan(heldOut.size)
    const rows = readPredictions(out('mf'))
    expect(rows.length).toBe(59_000)
    expect(rows.filter((r) => r.observed === '1').length).toBe(doc.observed)
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set([String(ids.mf)]))

    const scoreMf = standardisedRmse(out('mf'))
    const scoreBias = standardisedRmse(out('bias'))
    console.log(
      `SECOM fold-in, ${scoreMf.n} held-out cells of 100 new runs, RMSE in training SDs: MF ${scoreMf.rmse.toFixed(4)}, bias ${scoreBias.rmse.toFixed(4)}`,
    )
    expect(bias!.code).toBe(0)
    expect(scoreMf.n).toBeGreaterThan(20_000)
    expect(scoreMf.rmse).toBeLessThan(scoreBias.rmse)
  }, 120_000)
})
