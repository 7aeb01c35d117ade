/**
 * Where a command's output goes. stdout carries the result only: one JSON document with --json,
 * readable text otherwise. Progress and notes go to stderr: a redrawn bar on a terminal, plain
 * lines (at most one per 10 %) when stderr is a file or pipe, nothing with --quiet.
 */
export interface CliStreams {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
}

const BAR_WIDTH = 30
const REDRAW_MS = 100
const LINE_EVERY_MS = 5000

export class Output {
  private barShown = false
  private lastDraw = 0
  private lastLine: { label: string; decile: number; at: number } | null = null

  constructor(
    private readonly streams: CliStreams,
    readonly json: boolean,
    private readonly quiet: boolean,
  ) {}

  /** A line of result text (suppressed with --json, where the JSON document is the result). */
  text(line = ''): void {
    if (!this.json) this.streams.stdout.write(line + '\n')
  }

  /** The one JSON document of a --json run. */
  document(value: unknown): void {
    this.streams.stdout.write(JSON.stringify(value, null, 2) + '\n')
  }

  /** A note for people (engine in use, warnings); stderr, so it never mixes with results. */
  note(line: string): void {
    if (this.quiet) return
    this.clearBar()
    this.streams.stderr.write(line + '\n')
  }

  error(line: string): void {
    this.clearBar()
    this.streams.stderr.write(line + '\n')
  }

  progress(label: string, done: number, total: number, detail = ''): void {
    if (this.quiet) return
    const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0
    if (this.streams.stderr.isTTY) {
      const now = Date.now()
      if (now - this.lastDraw < REDRAW_MS && fraction < 1) return
      this.lastDraw = now
      const filled = Math.round(fraction * BAR_WIDTH)
      const line = `${label.padEnd(6)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${detail}`
      const width = Math.max(20, (this.streams.stderr.columns ?? 80) - 1)
      this.streams.stderr.write(`\r${line.slice(0, width).padEnd(width)}`)
      this.barShown = true
      return
    }
    const decile = Math.floor(fraction * 10)
    const now = Date.now()
    const same = this.lastLine && this.lastLine.label === label && this.lastLine.decile === decile
    // A new line per tenth, and at least every LINE_EVERY_MS (a run that stops early never reaches 10 %).
    if (same && now - this.lastLine!.at < LINE_EVERY_MS) return
    this.lastLine = { label, decile, at: now }
    this.streams.stderr.write(`${label}: ${Math.floor(fraction * 100)}%${detail ? ` ${detail}` : ''}\n`)
  }

  /** Ends a bar line so later output starts on a fresh line. */
  clearBar(): void {
    if (!this.barShown) return
    this.streams.stderr.write('\n')
    this.barShown = false
  }
}
