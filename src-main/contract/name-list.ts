/** The core's list shortening, for the renderer (the report and the CLI cut lists the same way). */
export { NAMES_SHOWN, shortList } from '../core/name-list.js'
