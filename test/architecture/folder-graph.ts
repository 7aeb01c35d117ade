import fs from 'node:fs'
import path from 'node:path'

/**
 * The import graph between the source folders: a file belongs to its top-level folder under
 * src-main (core's files to their folder inside core), and an edge says some file of one folder
 * imports (types included) a file of another. A file directly in core (the glossary, the seeded
 * random source, number formats) is a node of its own: those files are no folder, and lumped
 * together the glossary (which reads the model list) and the random source (which models use)
 * would look like a cycle that no file has.
 */
export const SOURCE_ROOT = path.resolve(import.meta.dirname, '../../src-main')

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

export function folderOf(file: string): string {
  const parts = path.relative(SOURCE_ROOT, file).split(path.sep)
  if (parts[0] === 'core' && parts.length > 1) return `core/${parts[1]!.replace(/\.[jt]s$/, '')}`
  return parts.length > 1 ? parts[0]! : 'core'
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g

export function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>()
  for (const file of sourceFiles(SOURCE_ROOT)) {
    const from = folderOf(file)
    const edges = graph.get(from) ?? new Set<string>()
    graph.set(from, edges)
    for (const match of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1]!)
      if (!target.startsWith(SOURCE_ROOT)) continue
      const to = folderOf(target)
      if (to !== from) edges.add(to)
    }
  }
  return graph
}

/** Groups of folders that import each other, directly or round about (Tarjan's strongly connected components of size > 1). */
export function folderCycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0
  const indices = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string): void => {
    indices.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!))
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) cycles.push(component.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v)
  return cycles
}
