import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const SECOM = path.join(ROOT, 'resources/sample-data/secom.csv')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI from its TypeScript source as a child process, as scripts would run the bin. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src-main/cli/index.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, NNMF_DATA_DIR: '', ...env }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** The one JSON document a --json run prints on stdout (fails if there is anything else). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the document field by field
export function json<T = Record<string, any>>(run: CliRun): T {
  return JSON.parse(run.stdout) as T
}
