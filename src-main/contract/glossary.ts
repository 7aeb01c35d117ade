/** The product's terms for the renderer: the same names the report, the CLI and export file names use. */
export { GLOSSARY, defaultModelName, durationWords, engineLabelWords, engineWords, backendWords, type GlossaryLanguage, type EngineFacts } from '../core/glossary.js'
