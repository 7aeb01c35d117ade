/**
 * `nnmf-workbench`: the command-line entry (built to out/main/cli.js, launched by
 * bin/nnmf-workbench.js). Commands run in this process; Ctrl-C or SIGTERM aborts the running one
 * through its signal (the store stays consistent), a second Ctrl-C exits at once.
 */
import { COMMANDS } from './commands/index.js'
import { EXIT } from './errors.js'
import { runCli } from './run.js'

const controller = new AbortController()
let interrupts = 0
const onSignal = (): void => {
  interrupts++
  if (interrupts > 1) process.exit(EXIT.cancelled)
  if (!process.argv.includes('--quiet') && !process.argv.includes('-q')) process.stderr.write('\nCancelling… (press Ctrl-C again to quit at once)\n')
  controller.abort()
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

const code = await runCli(process.argv.slice(2), COMMANDS, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
})
process.exitCode = code
// Worker threads (the NNMF fast path) or tfjs handles must not keep a finished command alive.
setTimeout(() => process.exit(code), 1000).unref()
