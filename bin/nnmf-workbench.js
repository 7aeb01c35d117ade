#!/usr/bin/env node
// The `nnmf-workbench` command: a launcher for the CLI that electron-vite builds into out/main/cli.js.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write(
    'nnmf-workbench: the app has not been built yet (out/main/cli.js is missing).\n' +
      `Run "npm run build" in ${fileURLToPath(new URL('..', import.meta.url))} and try again.\n`,
  )
  process.exit(1)
}
await import(pathToFileURL(cli).href)
