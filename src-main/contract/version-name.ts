/** "<name> (2)", or the next free number, for importing the same file again as a new version. */
export function newVersionName(name: string, taken: readonly string[]): string {
  const used = new Set(taken)
  for (let k = 2; ; k++) {
    const candidate = `${name} (${k})`
    if (!used.has(candidate)) return candidate
  }
}
