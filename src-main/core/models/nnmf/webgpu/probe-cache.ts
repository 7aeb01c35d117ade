/**
 * The auto probe's measurements, kept in a small JSON file in the data folder so a machine measures
 * each adapter and model size once. Keyed by machine, adapter (its description stands for the
 * driver: Dawn puts the driver's name and version there) and model shape bucket; a data folder
 * shared by several PCs keeps each PC's own figures apart.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface ProbeMeasurement {
  gpuEntriesPerSecond: number
  cpuEntriesPerSecond: number
  /** ISO time of the measurement. */
  measuredAt: string
}

interface CacheFile {
  version: 1
  entries: Record<string, ProbeMeasurement>
}

export const PROBE_CACHE_FILE = 'engine-probe.json'

export class ProbeCache {
  constructor(readonly file: string) {}

  /** The cache file of a data folder. */
  static inDataDir(dataDir: string): ProbeCache {
    return new ProbeCache(path.join(dataDir, PROBE_CACHE_FILE))
  }

  get(key: string): ProbeMeasurement | null {
    return this.read().entries[key] ?? null
  }

  /** Adds or replaces one measurement; written to a temporary file and renamed, so readers never see half a file. */
  set(key: string, measurement: ProbeMeasurement): void {
    const content = this.read()
    content.entries[key] = measurement
    const temporary = `${this.file}.${process.pid}.tmp`
    fs.writeFileSync(temporary, JSON.stringify(content, null, 2))
    fs.renameSync(temporary, this.file)
  }

  private read(): CacheFile {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<CacheFile>
      if (parsed.version === 1 && parsed.entries && typeof parsed.entries === 'object') return { version: 1, entries: parsed.entries }
    } catch {
      // Missing or unreadable: measure again (the file is only a cache).
    }
    return { version: 1, entries: {} }
  }
}
