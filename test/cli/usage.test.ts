import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MODEL_KINDS } from '../../src-main/core/models/specs.js'
import { useTempDirs } from '../helpers/temp-dir.js'
import { cli, json } from './helpers.js'

const tempDir = useTempDirs('nnmf-cli-')

describe('CLI usage and exit codes', () => {
  it('--help exits 0 with the usage, for the CLI and for every command', async () => {
    const general = await cli(['--help'])
    expect(general.code).toBe(0)
    for (const name of ['import', 'datasets', 'train', 'models', 'predict']) expect(general.stdout).toContain(name)
    const runs = await Promise.all(['import', 'train', 'predict'].map((c) => cli([c, '--help'])))
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0])
    expect(runs[0]!.stdout).toContain('--bad-cells abort|missing')
    expect(runs[1]!.stdout).toContain('--engine auto|fastcpu|tfjs|webgpu')
    expect(runs[2]!.stdout).toContain('--out FILE.csv')
  }, 120_000)

  it('an unknown option, command or value exits 2 with a message, touching no store', async () => {
    const dir = tempDir()
    const unknown = await cli(['datasets', '--data-dir', dir, '--colour'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown option '--colour'/)
    expect(unknown.stdout).toBe('')
    expect((await cli(['frobnicate', '--data-dir', dir])).code).toBe(2)
    const badValue = await cli(['train', '--data-dir', dir, '--dataset', '1', '--model', 'svd', '--json'])
    expect(badValue.code).toBe(2)
    expect(json(badValue)).toMatchObject({ ok: false, command: 'train', error: { exitCode: 2, code: 'usage' } })
    expect(badValue.stderr).toContain(`--model must be one of ${MODEL_KINDS.join(', ')}`)
    const dOnNnmf = await cli(['train', '--data-dir', dir, '--dataset', '1', '--model', 'nnmf', '--d', '5'])
    expect(dOnNnmf.code).toBe(2)
    expect(dOnNnmf.stderr).toContain('--d applies to --model mf only.')
    const zeroLambda = await cli(['train', '--data-dir', dir, '--dataset', '1', '--model', 'mf', '--lambda', '0'])
    expect(zeroLambda.code).toBe(2)
    expect(zeroLambda.stderr).toContain('--lambda must be greater than 0')
    const missing = await cli(['import', '--data-dir', dir])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('Missing <file>')
    expect(fs.readdirSync(dir)).toEqual([])
  }, 120_000)

  it('unknown ids and unreadable files are bad input (2); --json gives one error document', async () => {
    const dir = tempDir()
    const noDataset = await cli(['train', '--data-dir', dir, '--dataset', '7', '--model', 'mf', '--json'])
    expect(noDataset.code).toBe(2)
    expect(json(noDataset).error).toMatchObject({ code: 'no-such-dataset', exitCode: 2 })
    const noModel = await cli(['predict', '--data-dir', dir, '--model', '3', path.join(dir, 'x.csv'), '--out', path.join(dir, 'o.csv')])
    expect(noModel.code).toBe(2)
    expect(noModel.stderr).toContain('No model with id 3')
    const noFile = await cli(['import', path.join(dir, 'nope.csv'), '--data-dir', dir, '--json'])
    expect(noFile.code).toBe(2)
    expect(json(noFile).error).toMatchObject({ code: 'file-unreadable', file: 'nope.csv' })
    expect(noFile.stderr).toMatch(/^nnmf-workbench import: nope\.csv: Cannot read the file \(ENOENT\)/m)
  }, 120_000)

  it('takes the data folder from --data-dir, else from NNMF_DATA_DIR', async () => {
    const a = tempDir()
    const b = tempDir()
    const flag = json(await cli(['datasets', '--json', '--data-dir', a], { NNMF_DATA_DIR: b }))
    expect(flag).toEqual({ ok: true, command: 'datasets', dataDir: a, datasets: [] })
    const fromEnv = json(await cli(['models', '--json'], { NNMF_DATA_DIR: b }))
    expect(fromEnv).toEqual({ ok: true, command: 'models', dataDir: b, models: [] })
    expect(fs.existsSync(path.join(b, 'workbench.sqlite'))).toBe(true)
  }, 120_000)
})
