import { describe, expect, it } from 'vitest'
import { folderCycles, folderGraph } from './folder-graph.js'

/** The layers read one way: no two of src-main's folders (or core's) import each other, even round about. */
describe('imports between folders', () => {
  it('form no cycle among the top-level folders (core counted as one)', () => {
    const graph = new Map<string, Set<string>>()
    const top = (folder: string): string => folder.split('/')[0]!
    for (const [from, edges] of folderGraph()) {
      const set = graph.get(top(from)) ?? new Set<string>()
      graph.set(top(from), set)
      for (const to of edges) if (top(to) !== top(from)) set.add(top(to))
    }
    expect(folderCycles(graph)).toEqual([])
    // The checkpoint test itself can fail: services may use jobs, never the other way round.
    expect(graph.get('services')?.has('jobs')).toBe(true)
    expect(graph.get('jobs')?.has('services')).toBe(false)
  })

  it("form no cycle among core's folders", () => {
    // What models and training both use (target space, scaling, early stopping) sits below both in
    // core/fitting; the runs driven through the store (a training run, a stored pilot) sit above
    // store, pilot and training in core/runs. No pair of core's folders is allowed to import each other.
    const core = new Map<string, Set<string>>()
    for (const [from, edges] of folderGraph()) {
      if (from.startsWith('core/')) core.set(from, new Set([...edges].filter((to) => to.startsWith('core/'))))
    }
    expect(folderCycles(core)).toEqual([])
    // The test can fail: training reads the model list, and models must not read training.
    expect(core.get('core/training')?.has('core/models')).toBe(true)
    expect(core.get('core/models')?.has('core/fitting')).toBe(true)
  })

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ])
    expect(folderCycles(graph)).toEqual([['a', 'b', 'c']])
  })
})
