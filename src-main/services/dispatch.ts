import { z } from 'zod'
import { requests, type Api } from '../contract/api.js'
import { requestNames, type RequestName } from '../contract/names.js'
import { ApiError } from './api-error.js'

export type Dispatch = (name: string, rawInput: unknown) => Promise<unknown>

export function isRequestName(name: string): name is RequestName {
  return (requestNames as readonly string[]).includes(name)
}

/**
 * The boundary: every transport hands raw names and payloads here. Unknown names and payloads that
 * fail the contract's schema become a 'bad-request' ApiError carrying the schema's message; the
 * handler's result is checked against the contract too, so a bug cannot leak an off-contract shape.
 */
export function createDispatch(api: Api): Dispatch {
  return async (name, rawInput) => {
    if (!isRequestName(name)) throw new ApiError('bad-request', `Unknown request "${name}".`)
    const spec = requests[name]
    const parsed = spec.input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      throw new ApiError('bad-request', `Invalid payload for "${name}": ${z.prettifyError(parsed.error)}`)
    }
    const handler = api[name] as (input: unknown) => Promise<unknown>
    const output = await handler(parsed.data)
    return spec.output.parse(output)
  }
}
