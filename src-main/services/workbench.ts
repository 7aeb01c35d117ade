import type { BackendStatus } from '../contract/schemas.js'
import { openDatabase, type Db } from '../core/store/open.js'
import { createDispatch, type Dispatch } from './dispatch.js'
import { createServices, type Services } from './index.js'
import packageJson from '../../package.json'

export interface Workbench extends Services {
  db: Db
  dispatch: Dispatch
  close(): void
}

export interface WorkbenchOptions {
  dataDir: string
  transport: 'electron' | 'web'
  backendStatus: () => Promise<BackendStatus>
}

/** Opens the store and wires the services; shared by the Electron main process and web mode. */
export function openWorkbench(options: WorkbenchOptions): Workbench {
  const db = openDatabase(options.dataDir)
  const services = createServices({
    db,
    dataDir: options.dataDir,
    version: packageJson.version,
    transport: options.transport,
    backendStatus: options.backendStatus,
  })
  return { ...services, db, dispatch: createDispatch(services.api), close: () => db.close() }
}
