/**
 * The PyTorch reference (../shared/peers/torch_nnmf.py) as benchmarks meet it: its exact split of
 * MovieLens 100K (numpy's permutation, obtained from python3) and its own runs on that split.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SparseMatrix } from '../src-main/core/matrix/sparse.js'
import { splitInReferenceSizes } from '../src-main/core/training/split.js'

const here = path.dirname(fileURLToPath(import.meta.url))
export const TORCH_SCRIPT = path.resolve(here, '../../shared/peers/torch_nnmf.py')

/** The reference's own figures on its split (issue 4), used when torch cannot run here. */
export const PUBLISHED_REFERENCE = { mf: { test_rmse: 0.904, seconds: 16 }, nnmf: { test_rmse: 0.922, seconds: 247 } }

export interface Split {
  train: SparseMatrix
  validation: SparseMatrix
  test: SparseMatrix
}

export interface TorchResult {
  model: 'mf' | 'nnmf'
  test_rmse: number
  seconds: number
  entries_per_second: number
}

/** torch_nnmf.py's split() of the matrix's entries for a seed, computed by numpy itself; null without python3/numpy. */
export function numpySplit(matrix: SparseMatrix, seed: number): Split | null {
  const code = `import numpy as np, sys\nsys.stdout.write(' '.join(map(str, np.random.default_rng(${seed}).permutation(${matrix.values.length}))))`
  let out: string
  try {
    out = execFileSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 })
  } catch {
    return null
  }
  return splitInReferenceSizes(matrix, Int32Array.from(out.trim().split(' ').map(Number)))
}

export function torchAvailable(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' })
    return fs.existsSync(TORCH_SCRIPT)
  } catch {
    return false
  }
}

/** torch_nnmf.py on its own split of the file (the published protocol), one model or both. */
export function runTorchOwnSplit(
  dataFile: string,
  seed: number,
  log: (line: string) => void,
  model: 'mf' | 'nnmf' | 'both' = 'both',
): { mf?: TorchResult; nnmf?: TorchResult } {
  const out = execFileSync('/usr/bin/python3', [TORCH_SCRIPT, '--data', dataFile, '--model', model, '--seed', String(seed)], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    encoding: 'utf8',
  })
  const results: { mf?: TorchResult; nnmf?: TorchResult } = {}
  for (const line of out.trim().split('\n')) {
    log(`torch reference on its own split: ${line}`)
    const parsed = JSON.parse(line) as TorchResult
    results[parsed.model] = parsed
  }
  return results
}
