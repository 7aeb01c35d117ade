import type { JobSnapshot } from '@contract/schemas'
import { i18n } from '../i18n'

/**
 * A failed job's reason in the user's language: its code and parameters worded from the messages
 * (jobs.errors.<code>); the English message only for codes the renderer does not know.
 */
export function jobErrorText(end: Pick<JobSnapshot, 'error' | 'errorDetail'>, fallback: string): string {
  const { t, te } = i18n.global
  const detail = end.errorDetail
  if (detail && te(`jobs.errors.${detail.code}`)) {
    const where = detail.params.line !== undefined ? t('jobs.errors.where', { line: detail.params.line }) : ''
    return `${where}${t(`jobs.errors.${detail.code}`, { ...detail.params })}`
  }
  return end.error ?? fallback
}
