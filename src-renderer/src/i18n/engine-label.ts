import { i18n } from './index'

/** The team's CPU fast path gets a translated name; native TensorFlow and tfjs labels are product names. */
export function engineLabel(engine: string, label: string): string {
  const threads = /(\d+) threads?/.exec(label)?.[1]
  return engine === 'fastcpu' && threads ? i18n.global.t('backend.fastcpu', { threads }) : label
}
