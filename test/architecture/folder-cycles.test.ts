import { describe, expect, it } from 'vitest'
import { folderCycles, folderGraph } from './folder-graph.js'

/** The layers read one way: no two of src-main's folders import each other, even round about. */
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

  it('finds a cycle when there is one', () => {
    const graph = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]])
    expect(folderCycles(graph)).toEqual([['a', 'b', 'c']])
  })
})
