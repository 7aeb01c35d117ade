/** The product's terms for the renderer: the same names the report, the CLI and export file names use. */
export {
  GLOSSARY,
  HELP_TERMS,
  defaultModelName,
  defaultPilotName,
  pilotNameForEffort,
  durationWords,
  engineLabelWords,
  engineWords,
  backendWords,
  type GlossaryLanguage,
  type ExplainedTerm,
  type EngineFacts,
} from '../core/glossary.js'
