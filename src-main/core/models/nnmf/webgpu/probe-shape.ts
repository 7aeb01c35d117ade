/** The auto probe's shape for an NNMF model on a table: its network and batch, the table's rows and columns. */
import { PAPER_ARCHITECTURE, type NnmfArchitecture } from '../engine.js'
import { NNMF_DEFAULTS } from '../model.js'
import type { ProbeShape } from './probe-timing.js'

export function modelProbeShape(table: { nRows: number; nCols: number; nObserved: number }, overrides: Record<string, unknown> = {}): ProbeShape {
  const architecture = (overrides.architecture as NnmfArchitecture | undefined) ?? PAPER_ARCHITECTURE
  const batchSize = typeof overrides.batchSize === 'number' ? overrides.batchSize : NNMF_DEFAULTS.batchSize
  return { architecture, nRows: table.nRows, nCols: table.nCols, batchSize: Math.max(1, Math.min(batchSize, table.nObserved)) }
}
