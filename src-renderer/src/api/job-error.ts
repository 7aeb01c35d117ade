import type { JobSnapshot } from '@contract/schemas'
import { i18n } from '../i18n'
import { RequestError } from './transport'

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

/** What a failed request or other thrown error says to people: a coded failure worded in the page's language. */
export function errorText(caught: unknown): string {
  if (caught instanceof RequestError && caught.detail) return jobErrorText({ error: caught.message, errorDetail: caught.detail }, caught.message)
  return caught instanceof Error ? caught.message : String(caught)
}
