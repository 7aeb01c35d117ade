import os from 'node:os'
import path from 'node:path'

export const APP_NAME = 'NNMF Workbench'
export const DATA_DIR_ENV = 'NNMF_DATA_DIR'

/**
 * Where the store lives when nobody says otherwise: the same folder Electron uses as `userData`
 * for this app, so the window, web mode and the CLI share one store by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const fromEnv = env[DATA_DIR_ENV]
  if (fromEnv) return path.resolve(fromEnv)
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME)
}
