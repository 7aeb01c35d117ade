import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const CLI = path.join(ROOT, 'src-main/cli/index.ts')

export interface Started {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  /** Resolves with the exit code, or the signal's name when a signal ended the process. */
  exited: Promise<number | NodeJS.Signals>
  /** Resolves when the first bytes arrive on stderr (the CLI's first note or progress line). */
  spoke: Promise<void>
}

/** Runs a TypeScript entry as a child process, as the tests run the CLI (node --import tsx). */
export function startTs(file: string, args: string[], options: { stdin?: 'pipe' } = {}): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: ROOT,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, NNMF_DATA_DIR: '' },
  })
  let stdout = ''
  let stderr = ''
  let spoke: () => void = () => {}
  const spokePromise = new Promise<void>((resolve) => (spoke = resolve))
  child.stdout!.on('data', (d: Buffer) => (stdout += d))
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d
    spoke()
  })
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('exit', (code, signal) => {
      spoke()
      resolve(signal ?? code ?? 1)
    }),
  )
  return { child, stdout: () => stdout, stderr: () => stderr, exited, spoke: spokePromise }
}

/** The command line, from its sources. */
export function startCli(args: string[]): Started {
  return startTs(CLI, args)
}

export async function runCli(args: string[]): Promise<{ code: number | NodeJS.Signals; stdout: string; stderr: string }> {
  const run = startCli(args)
  const code = await run.exited
  return { code, stdout: run.stdout(), stderr: run.stderr() }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export async function until(test: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}
