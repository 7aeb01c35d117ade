import type { Db } from '../core/store/open.js'
import type { Output } from './output.js'

/** One option of a command, as node:util parseArgs takes it, plus its help text. */
export interface OptionSpec {
  type: 'string' | 'boolean'
  multiple?: boolean
  short?: string
  /** Shown in --help, e.g. "ID" in "--dataset ID". */
  valueName?: string
  description: string
}

export interface CommandContext {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  positionals: string[]
  dataDir: string
  out: Output
  /** Aborted by Ctrl-C (SIGINT) or SIGTERM. */
  signal: AbortSignal
  /** Opens the store in the data folder (once; closed by the runner). */
  store(): Db
}

/**
 * A CLI command. Adding one is one file in commands/ exporting a Command, plus its line in
 * commands/index.ts. `run` returns the JSON document's fields; it prints its human text itself
 * through ctx.out.text (which --json silences). Heavy parts of the core (import with exceljs,
 * training and tfjs) are imported inside `run`, so `--help`, `datasets` and `models` start fast.
 */
export interface Command {
  name: string
  summary: string
  /** e.g. "import <file> [options]" */
  usage: string
  options: Record<string, OptionSpec>
  /** Names of the positional arguments, required ones first. */
  positionals: { required: string[]; optional?: string[] }
  run(ctx: CommandContext): Promise<Record<string, unknown>>
}

/** Options every command takes. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  'data-dir': { type: 'string', valueName: 'DIR', description: "data folder holding workbench.sqlite (default: $NNMF_DATA_DIR, else the app's data folder)" },
  json: { type: 'boolean', description: 'print one JSON document on stdout and nothing else there' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress or notes on stderr (errors still go there)' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
}
