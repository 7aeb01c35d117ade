import { fork } from 'node:child_process'
import type { FromJob, ToJob } from './protocol.js'

/** A running job process, whichever way it was started (Node child process or Electron utilityProcess). */
export interface JobProcess {
  send(message: ToJob): void
  onMessage(listener: (message: FromJob) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
  readonly pid: number | undefined
}

export type JobLauncher = () => JobProcess

export interface NodeLauncherOptions {
  /** The job process entry (built `out/main/job-process.js`, or the TypeScript source with tsx). */
  entry: string
  execArgv?: string[]
}

/** Web mode, CLI and tests: a forked Node process speaking over its IPC channel. */
export function nodeJobLauncher(options: NodeLauncherOptions): JobLauncher {
  return () => {
    const child = fork(options.entry, [], {
      execArgv: options.execArgv ?? [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    return {
      send: (message) => void child.send(message),
      onMessage: (listener) => void child.on('message', (message) => listener(message as FromJob)),
      onExit: (listener) => void child.on('exit', (code) => listener(code)),
      kill: () => void child.kill('SIGKILL'),
      get pid() {
        return child.pid
      },
    }
  }
}
