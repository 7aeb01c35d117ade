import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { deleteModel, getModel, saveModel } from '../../../src-main/core/store/models.js'
import { openDatabase, type Db } from '../../../src-main/core/store/open.js'
import {
  HEARTBEAT_EVERY_MS,
  STALE_OTHER_HOST_MS,
  STALE_SAME_HOST_MS,
  beat,
  listOwners,
  markAbandoned,
  ownerGone,
  ownerId,
  releaseOwner,
} from '../../../src-main/core/store/owners.js'
import { createPilot, getPilot } from '../../../src-main/core/store/pilots.js'
import { modelServices } from '../../../src-main/services/models.js'
import { ApiError } from '../../../src-main/services/api-error.js'
import type { JobManager } from '../../../src-main/jobs/job-manager.js'
import type { FileDrop } from '../../../src-main/platform/file-drop.js'
import { writeSmallDataset } from '../../helpers/small-dataset.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const tempDir = useTempDirs('nnmf-owners-')
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/** Starts owner-child.ts on the store and waits for the ids of its run and pilot. */
async function otherProcess(dir: string): Promise<{ child: ChildProcess; modelId: number; pilotId: number; owner: string; pid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'owner-child.ts'), dir], { stdio: ['pipe', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  let err = ''
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) resolve(out.split('\n')[0]!)
    })
    child.on('exit', (code) => reject(new Error(`owner-child exited ${code}: ${err}`)))
  })
  return { child, ...(JSON.parse(line) as { modelId: number; pilotId: number; owner: string; pid: number }) }
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on('exit', () => resolve())))

const base = {
  datasetId: null,
  name: 'run',
  backend: 'CPU',
  engine: 'typed-arrays',
  seed: 0,
  dataHash: 'h',
  status: 'training' as const,
  saved: { kind: 'mean' as const, config: {}, blobs: {} },
}

function services(db: Db) {
  return modelServices({ db, jobs: {} as JobManager, files: {} as FileDrop })
}

describe('run ownership', () => {
  it('leaves the runs of a live process alone, refuses to delete them, and marks them interrupted once it is killed', async () => {
    const dir = tempDir()
    openDatabase(dir).close()
    const other = await otherProcess(dir)

    // This process opens the store as the app does: the other process's work stays running.
    const db = openDatabase(dir)
    expect(getModel(db, other.modelId)!.status).toBe('training')
    expect(getPilot(db, other.pilotId)!.status).toBe('running')
    expect(markAbandoned(db)).toEqual({ runs: 0, pilots: 0 })
    expect(listOwners(db).find((o) => o.id === other.owner)).toMatchObject({ pid: other.pid, host: os.hostname() })

    // Its heartbeat moves, and carries the progress it reported.
    const first = listOwners(db).find((o) => o.id === other.owner)!.heartbeatMs
    await expect.poll(() => listOwners(db).find((o) => o.id === other.owner)!.heartbeatMs, { timeout: 4 * HEARTBEAT_EVERY_MS }).toBeGreaterThan(first)
    expect(getModel(db, other.modelId)!.progress).toEqual({ epoch: 3, maxEpochs: 40 })
    expect(getPilot(db, other.pilotId)!.progress).toEqual({ fraction: 0.25, phase: 'train' })
    const listed = await services(db).listModels({})
    expect(listed.find((m) => m.id === other.modelId)).toMatchObject({ status: 'training', progress: { epoch: 3, maxEpochs: 40 } })

    // Deleting the live run is refused with its own code.
    const refusal = await services(db)
      .deleteModel({ id: other.modelId })
      .catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(ApiError)
    expect(refusal).toMatchObject({ code: 'conflict', detail: { code: 'model-training', params: { name: 'trained elsewhere' } } })
    expect(getModel(db, other.modelId)).toBeDefined()

    other.child.kill('SIGKILL')
    await exited(other.child)
    expect(markAbandoned(db)).toEqual({ runs: 1, pilots: 1 })
    expect(getModel(db, other.modelId)!.status).toBe('interrupted')
    expect(getPilot(db, other.pilotId)!.status).toBe('interrupted')
    expect(listOwners(db).map((o) => o.id)).not.toContain(other.owner)
    expect(await services(db).deleteModel({ id: other.modelId })).toEqual({ deleted: true })
    db.close()
  })

  it('marks the runs of a process that is gone when the store is opened, and only those', async () => {
    const dir = tempDir()
    openDatabase(dir).close()
    const alive = await otherProcess(dir)
    const dead = await otherProcess(dir)
    dead.child.kill('SIGKILL')
    await exited(dead.child)
    const db = openDatabase(dir)
    expect(getModel(db, dead.modelId)!.status).toBe('interrupted')
    expect(getPilot(db, dead.pilotId)!.status).toBe('interrupted')
    expect(getModel(db, alive.modelId)!.status).toBe('training')
    expect(getPilot(db, alive.pilotId)!.status).toBe('running')
    // The progress of a run that ended is not kept as if it were live.
    expect(getModel(db, dead.modelId)!.progress).toBeNull()
    db.close()
  })

  it("keeps this connection's own runs, and marks runs stored without an owner (an earlier version)", () => {
    const db = openDatabase(tempDir())
    const mine = saveModel(db, { ...base, owner: ownerId(db) })
    const legacy = saveModel(db, base)
    const legacyPilot = createPilot(db, { config: { datasetId: writeSmallDataset(db) }, dataHash: 'h' })
    expect(markAbandoned(db)).toEqual({ runs: 1, pilots: 1 })
    expect(getModel(db, mine)!.status).toBe('training')
    expect(getModel(db, legacy)!.status).toBe('interrupted')
    expect(getPilot(db, legacyPilot)!.status).toBe('interrupted')
    // Released (the process ends its work and closes the store): what it left training is abandoned.
    releaseOwner(db)
    expect(listOwners(db)).toEqual([])
    expect(markAbandoned(db)).toEqual({ runs: 1, pilots: 0 })
    expect(deleteModel(db, mine)).toBe(true)
    db.close()
  })

  it('judges other hosts by their heartbeat, and this host by its process ids', () => {
    const now = Date.parse('2025-06-01T12:00:00Z')
    const owner = { id: 'x', pid: process.pid, host: os.hostname(), startedAt: '', heartbeatMs: now }
    expect(ownerGone(owner, { nowMs: now })).toBe(false)
    // A live pid with a heartbeat older than the same-host limit: a recycled pid or a hung process.
    expect(ownerGone({ ...owner, heartbeatMs: now - STALE_SAME_HOST_MS - 1 }, { nowMs: now })).toBe(true)
    expect(ownerGone(owner, { nowMs: now, endedPids: [process.pid] })).toBe(true)
    // A pid that does not exist here (2^22 + 1 is above Linux's pid_max) is gone at once.
    expect(ownerGone({ ...owner, pid: 4_194_305 }, { nowMs: now })).toBe(true)
    const remote = { ...owner, host: 'another-pc', pid: 4_194_305 }
    expect(ownerGone(remote, { nowMs: now + STALE_OTHER_HOST_MS - 1 })).toBe(false)
    expect(ownerGone(remote, { nowMs: now + STALE_OTHER_HOST_MS + 1 })).toBe(true)
  })

  it('puts back its owner row if another process removed it, and stops beating once the store is closed', () => {
    const db = openDatabase(tempDir())
    const id = ownerId(db)
    db.prepare('DELETE FROM owners').run()
    beat(db, 123)
    expect(listOwners(db)).toMatchObject([{ id, heartbeatMs: 123, pid: process.pid }])
    db.close()
    expect(() => beat(db)).not.toThrow()
  })
})
