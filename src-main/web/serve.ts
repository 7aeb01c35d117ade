import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../core/paths.js'
import { nodeJobLauncher } from '../jobs/launcher.js'
import { probeBackendStatus } from '../services/backend-status.js'
import { openWorkbench } from '../services/workbench.js'
import { startWebServer } from './server.js'

/**
 * `npm run serve`: the app in a browser. Same services and store as the Electron window, on
 * 127.0.0.1 only, behind a per-launch token carried in the printed URL.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string' },
    },
  })
  const here = path.dirname(fileURLToPath(import.meta.url))
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir())
  const rendererDir = path.resolve(values['renderer-dir'] ?? path.join(here, '..', 'renderer'))
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got "${values.port}"`)

  const workbench = openWorkbench({
    dataDir,
    transport: 'web',
    backendStatus: probeBackendStatus,
    launchJob: nodeJobLauncher({ entry: path.join(here, 'job-process.js') }),
    resourcesDir: path.resolve(here, '..', '..', 'resources'),
  })
  const server = await startWebServer({
    dispatch: workbench.dispatch,
    events: workbench.events,
    files: workbench.files,
    rendererDir,
    port,
    onDownloaded: (id) => workbench.retention.afterDownload(id),
  })
  console.log(`NNMF Workbench (web mode) is ready. Open this address in your browser: ${server.url}`)
  console.log(`Data folder: ${dataDir}`)

  const shutdown = async (): Promise<void> => {
    await server.close()
    workbench.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown())
  process.on('SIGTERM', () => void shutdown())
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
