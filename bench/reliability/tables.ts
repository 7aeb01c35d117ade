import fs from 'node:fs'
import { createRng } from '../../src-main/core/random.js'

/**
 * A wide sensor table as a CSV file: a machine key and `cols` sensors, about `density` of the cells
 * observed, low rank with a non-linear part and noise (so NNMF trains for a while before it stops).
 */
export function writeSensorCsv(file: string, options: { rows: number; cols: number; density: number; seed: number }): number {
  const rng = createRng(options.seed)
  const factors = (n: number): number[][] => Array.from({ length: n }, () => [rng.next(), rng.next(), rng.next()])
  const u = factors(options.rows)
  const v = factors(options.cols)
  const lines = [['machine', ...Array.from({ length: options.cols }, (_, c) => `s${c}`)].join(',')]
  let observed = 0
  for (let r = 0; r < options.rows; r++) {
    const cells = [`m${r}`]
    for (let c = 0; c < options.cols; c++) {
      if (rng.next() >= options.density) {
        cells.push('')
        continue
      }
      const a = u[r]!
      const b = v[c]!
      const x = a[0]! * b[0]! + a[1]! * b[1]! + Math.sin(3 * a[2]! * b[2]!) + 0.3 * rng.next()
      cells.push(x.toFixed(3))
      observed++
    }
    lines.push(cells.join(','))
  }
  fs.writeFileSync(file, lines.join('\n') + '\n')
  return observed
}
