/**
 * How numbers are printed everywhere a person reads them: the app, the HTML/PDF report and the
 * CLI's text output share the report's formatter (four significant digits), so one stored value
 * reads the same in all three.
 */
export { formatMetric as formatNumber, formatOrders, formatPValue } from '../core/format.js'
/** A model's chosen λ (and d) as the CLI and the Models page print it. */
export { settingText } from '../core/training/setting-text.js'
/** A share as a percentage ("1.23%"), as the verdict words and the report print it. */
export { formatPercent, formatPercentTick } from '../core/format.js'
