import { utilityProcess } from 'electron'
import type { JobLauncher } from '../jobs/launcher.js'
import type { FromJob } from '../jobs/protocol.js'

/** In the app, jobs run in Electron utility processes: off the main process, killable, sandbox-friendly. */
export function utilityJobLauncher(entry: string): JobLauncher {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'NNMF Workbench job', stdio: 'inherit' })
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', (message: unknown) => listener(message as FromJob)),
      onExit: (listener) => void child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
      get pid() {
        return child.pid
      },
    }
  }
}
