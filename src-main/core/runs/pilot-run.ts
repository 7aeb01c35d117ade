import { getDataset, loadMatrix, type DatasetSummary } from '../store/datasets.js'
import type { Db } from '../store/open.js'
import { ownerId, reportProgress } from '../store/owners.js'
import { cancelPilot, claimPilot, createPilot, failPilot, finishPilot, getPilot } from '../store/pilots.js'
import { checkConfigForDataset, type ResolvedPilotConfig } from '../pilot/config.js'
import { checkData } from '../pilot/data-check.js'
import type { PilotResult } from '../pilot/result.js'
import { configIssueMessage, PilotError, runPilot, type PilotEngine, type PilotInput, type PilotProgress } from '../pilot/runner.js'

/**
 * A pilot as the store knows it, run the one way both the app's job process and the CLI run it:
 * created 'running' with its configuration, then run, then finished with its result, marked
 * 'cancelled' when its signal aborted it, or 'failed' with the error's message.
 */

/** The dataset a pilot runs on, as the runner takes it. */
export function loadPilotInput(db: Db, datasetId: number): { summary: DatasetSummary; input: PilotInput } {
  const { summary, matrix, colLabels } = loadMatrix(db, datasetId)
  return {
    summary,
    input: {
      matrix,
      colLabels,
      dataset: {
        id: summary.id,
        name: summary.name,
        dataHash: summary.dataHash,
        valueKind: summary.valueKind,
        layout: summary.layout,
        hasTime: summary.hasTime,
      },
    },
  }
}

/**
 * The checks the runner makes before its first model, made up front, so a caller can refuse a
 * pilot that cannot run before it stores anything. Throws the runner's PilotError.
 */
export function assertPilotRunnable(config: ResolvedPilotConfig, input: PilotInput): void {
  const issue = checkConfigForDataset(config, { ...input.dataset, nRows: input.matrix.nRows })[0]
  if (issue) throw new PilotError(issue.code, configIssueMessage(issue), { ...issue })
  const check = checkData(input.matrix, input.dataset.valueKind, input.colLabels)
  if (check.verdict === 'unsuitable' && !config.overrideSuitability) {
    throw new PilotError('unsuitable-data', 'The data check found this dataset unsuitable for a pilot; override the check to run it anyway.', {
      reasons: check.reasons,
    })
  }
}

/** Stores a new pilot, 'running', named as the app names it (its name, else "dataset · effort"). */
export function createStoredPilot(db: Db, config: ResolvedPilotConfig): number {
  const summary = getDataset(db, config.datasetId)
  if (!summary) throw new Error(`There is no dataset with id ${config.datasetId}.`)
  return createPilot(db, { config, dataHash: summary.dataHash, owner: ownerId(db), ...(config.name ? {} : { name: `${summary.name} · ${config.effort}` }) })
}

export interface RunStoredPilotOptions {
  signal?: AbortSignal
  onProgress?: (progress: PilotProgress) => void
  /** The NNMF engine; chosen from the pilot's engine preference when absent and NNMF is in the pilot. */
  engine?: PilotEngine
  /** The dataset already loaded (loadPilotInput), to save loading it twice. */
  input?: PilotInput
}

/** Runs the stored pilot `pilotId` and stores how it ended; rethrows the error of a failed or cancelled run. */
export async function runStoredPilot(db: Db, pilotId: number, options: RunStoredPilotOptions = {}): Promise<PilotResult> {
  const pilot = getPilot(db, pilotId)
  if (!pilot) throw new Error(`No pilot with id ${pilotId}.`)
  // This process runs it from here on: its heartbeat keeps the pilot 'running' for every other process.
  if (!claimPilot(db, pilotId, ownerId(db))) throw new Error(`Pilot ${pilotId} is no longer running (${getPilot(db, pilotId)?.status ?? 'deleted'}).`)
  try {
    if (pilot.datasetId === null) throw new Error('The dataset of this pilot has been deleted.')
    const input = options.input?.dataset.id === pilot.datasetId ? options.input : loadPilotInput(db, pilot.datasetId).input
    if (input.dataset.dataHash !== pilot.dataHash) throw new Error('The dataset changed since this pilot was set up; start a new pilot.')
    // Without an engine, runPilot chooses one from the pilot's preference when a model needs it.
    const result = await runPilot(input, pilot.config, {
      ...(options.engine ? { engine: options.engine } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (progress) => {
        reportProgress(db, 'pilots', pilotId, progress)
        options.onProgress?.(progress)
      },
    })
    finishPilot(db, pilotId, result)
    return result
  } catch (error) {
    if (options.signal?.aborted) cancelPilot(db, pilotId)
    else failPilot(db, pilotId, error instanceof Error ? error.message : String(error))
    throw error
  }
}
