import { Writable } from 'node:stream'
import { COMMANDS } from '../../src-main/cli/commands/index.js'
import { runCli } from '../../src-main/cli/run.js'
import type { CliRun } from './helpers.js'

function sink(): Writable & { text: string } {
  const s = new Writable({
    write(chunk, _encoding, done) {
      s.text += String(chunk)
      done()
    },
  }) as Writable & { text: string }
  s.text = ''
  return s
}

/**
 * The CLI driven in this process through runCli (everything the bin does but the process entry):
 * for the many short argument checks, where a child process each would spend seconds starting up.
 */
export async function cliInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = sink()
  const stderr = sink()
  const code = await runCli(args, COMMANDS, { stdout, stderr, env: { ...process.env, NNMF_DATA_DIR: '', ...env }, signal: new AbortController().signal })
  return { code, stdout: stdout.text, stderr: stderr.text }
}
