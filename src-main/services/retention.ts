import { sweepOldFiles } from '../core/files/retention.js'
import type { Db } from '../core/store/open.js'
import type { FileDrop } from '../platform/file-drop.js'
import { readSettings } from './settings.js'

export interface Retention {
  /** An export was downloaded (web) or saved (Electron) in full: remove it if the setting says so. */
  afterDownload(downloadId: string): void
  /** Removes uploads and exports older than the setting's days; run at startup. */
  sweep(now?: number): string[]
}

/** The retention setting applied to the data folder's uploads and exports; reads the setting each time, so a change applies at once. */
export function createRetention(db: Db, files: FileDrop, dataDir: string): Retention {
  return {
    afterDownload(downloadId) {
      if (readSettings(db).retention.deleteExportsAfterDownload) files.discard('exports', downloadId)
    },
    sweep(now = Date.now()) {
      return sweepOldFiles(dataDir, readSettings(db).retention.maxAgeDays, now)
    },
  }
}
