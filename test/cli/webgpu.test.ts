import '../core/models/nnmf/webgpu/gpu-env.js'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '../../src-main/core/random.js'
import { tempDir as makeTempDir, removeTempDirs } from '../core/import/helpers.js'
import { cli, json } from './helpers.js'

/**
 * `--engine webgpu` end to end through the CLI, on whatever adapter Dawn finds (SwiftShader in CI):
 * train a saved NNMF model, then fold new rows into it with `predict`. A tiny table keeps
 * SwiftShader's emulation to seconds; the engine's numbers are checked in test/core/models/nnmf/webgpu.
 */
let dataDir: string
let work: string

function table(rows: number, cols: number, seed: number, prefix: string): string {
  const rng = createRng(seed)
  const u = Array.from({ length: rows }, () => rng.normal())
  const v = Array.from({ length: cols }, () => rng.normal())
  const lines = [['machine', ...v.map((_, c) => `s${c}`)].join(',')]
  for (let r = 0; r < rows; r++) {
    lines.push([`${prefix}${r}`, ...v.map((vc) => (rng.next() < 0.3 ? '' : (3 + u[r]! * vc + 0.1 * rng.normal()).toFixed(4)))].join(','))
  }
  return lines.join('\n') + '\n'
}

beforeAll(() => {
  dataDir = makeTempDir('nnmf-cli-webgpu-store-')
  work = makeTempDir('nnmf-cli-webgpu-files-')
  fs.writeFileSync(path.join(work, 'train.csv'), table(24, 10, 1, 'm'))
  fs.writeFileSync(path.join(work, 'new.csv'), table(3, 10, 2, 'n'))
})
afterAll(removeTempDirs)

describe('CLI with --engine webgpu', () => {
  it('trains and saves an NNMF model on the WebGPU adapter, then folds new rows into it', async () => {
    const d = ['--data-dir', dataDir]
    const imported = await cli(['import', path.join(work, 'train.csv'), ...d, '--json'])
    expect(imported.code, imported.stderr).toBe(0)
    const datasetId = String(json(imported).dataset.id)
    const trained = await cli(['train', '--dataset', datasetId, '--model', 'nnmf', '--engine', 'webgpu', '--lambda', '1', ...d, '--json'])
    expect(trained.code, trained.stderr).toBe(0)
    const t = json(trained)
    expect(t.engine).toBe('webgpu')
    expect(t.backend).toMatch(/^WebGPU on \S.* · /)
    expect(t.model.status).toBe('complete')
    expect(t.model.engine).toBe('webgpu')
    const out = path.join(work, 'predictions.csv')
    const predicted = await cli(['predict', '--model', String(t.model.id), path.join(work, 'new.csv'), '--out', out, '--engine', 'webgpu', ...d, '--json'])
    expect(predicted.code, predicted.stderr).toBe(0)
    const p = json(predicted)
    expect(p.engine).toBe('webgpu')
    expect(p.cells).toBe(30)
    const values = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => Number(l.split(',')[2]))
    expect(values).toHaveLength(30)
    expect(values.every(Number.isFinite)).toBe(true)
  })
})
