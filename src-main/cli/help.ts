import { COMMON_OPTIONS, type Command, type OptionSpec } from './command.js'

export const BIN = 'nnmf-workbench'

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.valueName ? ` ${spec.valueName}` : ''}`
    return [flag, spec.description + (spec.multiple ? ' (repeatable)' : '')] as const
  })
  const width = Math.min(40, Math.max(...rows.map(([f]) => f.length)))
  return rows.map(([f, d]) => (f.length > width ? `  ${f}\n  ${''.padEnd(width)}  ${d}` : `  ${f.padEnd(width)}  ${d}`))
}

export function commandHelp(command: Command): string {
  return [
    `Usage: ${BIN} ${command.usage}`,
    '',
    command.summary[0]!.toUpperCase() + command.summary.slice(1) + '.',
    '',
    ...(Object.keys(command.options).length > 0 ? ['Options:', ...optionLines(command.options), ''] : []),
    'Common options:',
    ...optionLines(COMMON_OPTIONS),
    '',
    'Exit codes: 0 ok, 2 bad input (arguments, file, validation), 1 other failure, 130 cancelled (Ctrl-C).',
  ].join('\n')
}

export function generalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    `Usage: ${BIN} <command> [options]`,
    '',
    'NNMF Workbench from the command line, over the same store as the app.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options:',
    ...optionLines(COMMON_OPTIONS),
    '',
    `Run "${BIN} <command> --help" for a command's options.`,
    'Exit codes: 0 ok, 2 bad input (arguments, file, validation), 1 other failure, 130 cancelled (Ctrl-C).',
  ].join('\n')
}
