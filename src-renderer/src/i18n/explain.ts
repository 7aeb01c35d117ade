import { GLOSSARY, type ExplainedTerm } from '@contract/glossary'
import { useVerdictLanguage } from './verdict-language'

/** What a metric or statistical word means, in the UI language, for a tooltip where the word appears. */
export function useExplain(): (term: ExplainedTerm) => string {
  const language = useVerdictLanguage()
  return (term) => GLOSSARY[language.value].explain[term].text
}
