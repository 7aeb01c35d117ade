import { UsageError } from './errors.js'

/** Typed readers for option values, with messages that name the flag. */

export function str(values: Record<string, unknown>, flag: string): string | undefined {
  const v = values[flag]
  return typeof v === 'string' ? v : undefined
}

export function requiredStr(values: Record<string, unknown>, flag: string): string {
  const v = str(values, flag)
  if (v === undefined) throw new UsageError(`--${flag} is required.`)
  return v
}

export function choice<T extends string>(values: Record<string, unknown>, flag: string, allowed: readonly T[]): T | undefined {
  const v = str(values, flag)
  if (v === undefined) return undefined
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${v}").`)
  return v as T
}

export function integer(values: Record<string, unknown>, flag: string, min = 0): number | undefined {
  const v = str(values, flag)
  if (v === undefined) return undefined
  if (!/^-?\d+$/.test(v.trim()) || Number(v) < min || !Number.isSafeInteger(Number(v))) {
    throw new UsageError(`--${flag} must be an integer${min > 0 ? ` ≥ ${min}` : min === 0 ? ' ≥ 0' : ''} (got "${v}").`)
  }
  return Number(v)
}

export function decimal(values: Record<string, unknown>, flag: string): number | undefined {
  const v = str(values, flag)
  if (v === undefined) return undefined
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number (got "${v}").`)
  return n
}

/** A column or sheet: a header/sheet name, or "#N" for the N-th (1-based), stored 0-based. */
export function columnRef(values: Record<string, unknown>, flag: string): string | number | undefined {
  const v = str(values, flag)
  if (v === undefined) return undefined
  const m = /^#(\d+)$/.exec(v)
  if (!m) return v
  const n = Number(m[1])
  if (n < 1) throw new UsageError(`--${flag} "#N" counts from 1 (got "${v}").`)
  return n - 1
}
