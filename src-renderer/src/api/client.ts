import type { Api } from '@contract/api'
import { BRIDGE_KEY, type NnmfBridge } from '@contract/bridge'
import { requestNames, type RequestName } from '@contract/names'
import { electronTransport } from './electron-transport'
import { httpTransport } from './http-transport'
import type { Transport } from './transport'

/** The renderer does not know or care which transport carries the contract. */
export function detectTransport(): Transport {
  const bridge = (window as unknown as Record<string, NnmfBridge | undefined>)[BRIDGE_KEY]
  return bridge ? electronTransport(bridge) : httpTransport()
}

export function createApi(transport: Transport): Api {
  const api = {} as Record<RequestName, (input: unknown) => Promise<unknown>>
  for (const name of requestNames) api[name] = (input) => transport.call(name, input ?? {})
  return api as unknown as Api
}

export const transport = detectTransport()
export const api = createApi(transport)
