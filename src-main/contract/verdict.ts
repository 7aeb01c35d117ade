/**
 * The pilot's verdict in words, for the renderer. The core words it once (core/pilot/verdict-words.ts)
 * for the app, the report and the CLI alike; the renderer prints these and never restates them in
 * its message files, so a page and its report cannot disagree.
 */
export { verdictWords, modelName, adviceWithoutComparison, jaSpaced, VERDICT_MESSAGES } from '../core/pilot/verdict-words.js'
export type { VerdictWords, VerdictLanguage } from '../core/pilot/verdict-words.js'
export { VERDICT_OUTCOMES } from '../core/pilot/verdict.js'
export type { VerdictOutcome, NextStep } from '../core/pilot/verdict.js'
export type { EffortName } from '../core/pilot/effort.js'
export type { PilotModelKind } from '../core/pilot/config.js'
