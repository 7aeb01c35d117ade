import path from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../core/paths.js'
import { openDatabase, type Db } from '../core/store/open.js'
import { releaseOwner } from '../core/store/owners.js'
import { COMMON_OPTIONS, type Command, type CommandContext } from './command.js'
import { describeError, EXIT, formatLocation, UsageError } from './errors.js'
import { BIN, commandHelp, generalHelp } from './help.js'
import { Output, type CliStreams } from './output.js'
import { issuesJson } from './shapes.js'

export interface CliEnvironment extends CliStreams {
  env: NodeJS.ProcessEnv
  /** Aborted on Ctrl-C / SIGTERM by the entry point. */
  signal: AbortSignal
}

/**
 * Runs one CLI invocation and returns its exit code; never calls process.exit, so it can be
 * driven in-process too. Output contract: see README.md, "Command line".
 */
export async function runCli(argv: string[], commands: readonly Command[], io: CliEnvironment): Promise<number> {
  const wantsJson = argv.includes('--json')
  const first = argv[0]
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' ? commands.find((c) => c.name === argv[1]) : undefined
    io.stdout.write((target ? commandHelp(target) : generalHelp(commands)) + '\n')
    return first === undefined ? EXIT.badInput : EXIT.ok
  }
  const command = commands.find((c) => c.name === first)
  const out = new Output(io, wantsJson, argv.includes('--quiet') || argv.includes('-q'))
  let db: Db | undefined
  try {
    if (!command) throw new UsageError(`Unknown command "${first}". Commands: ${commands.map((c) => c.name).join(', ')}.`)
    let parsed: ReturnType<typeof parseArgs>
    try {
      parsed = parseArgs({ args: argv.slice(1), options: { ...COMMON_OPTIONS, ...command.options }, allowPositionals: true, strict: true })
    } catch (error) {
      throw new UsageError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '.')} See "${BIN} ${command.name} --help".`)
    }
    const values = parsed.values as CommandContext['values']
    if (values.help) {
      io.stdout.write(commandHelp(command) + '\n')
      return EXIT.ok
    }
    const { required, optional = [] } = command.positionals
    if (parsed.positionals.length < required.length) {
      throw new UsageError(`Missing <${required[parsed.positionals.length]}>. Usage: ${BIN} ${command.usage}`)
    }
    if (parsed.positionals.length > required.length + optional.length) {
      throw new UsageError(`Unexpected argument "${parsed.positionals[required.length + optional.length]}". Usage: ${BIN} ${command.usage}`)
    }
    const dataDirFlag = values['data-dir']
    if (dataDirFlag === '') throw new UsageError('--data-dir must not be empty.')
    const dataDir = typeof dataDirFlag === 'string' ? path.resolve(dataDirFlag) : defaultDataDir(io.env)
    const context: CommandContext = {
      values,
      positionals: parsed.positionals,
      dataDir,
      out,
      signal: io.signal,
      store: () => (db ??= openDatabase(dataDir)),
    }
    const result = await command.run(context)
    if (wantsJson) out.document({ ok: true, command: command.name, dataDir, ...result })
    return EXIT.ok
  } catch (error) {
    const d = describeError(error, io.signal.aborted)
    const where = formatLocation(d)
    out.error(`${BIN}${command ? ` ${command.name}` : ''}: ${where ? `${where}: ` : ''}${d.message}`)
    if (d.exitCode === EXIT.failure && error instanceof Error && io.env.NNMF_DEBUG) out.error(error.stack ?? '')
    if (wantsJson) {
      out.document({
        ok: false,
        command: command?.name ?? first,
        error: {
          exitCode: d.exitCode,
          code: d.code,
          message: d.message,
          file: d.file ?? null,
          line: d.line ?? null,
          column: d.column ?? null,
          ...(d.report ? { issues: issuesJson(d.report) } : {}),
        },
      })
    }
    return d.exitCode
  } finally {
    if (db) releaseOwner(db)
    db?.close()
  }
}
