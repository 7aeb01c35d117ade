/** Predicted-against-actual points in each column's standard units, as the report draws them too. */
export { toStandardUnits, type ScatterPoints } from '../core/report/standard-units.js'
