import type { AppEvent } from '@contract/api'
import type { RequestName } from '@contract/names'
import type { JobErrorDetail, UploadedFile } from '@contract/schemas'
import { RequestError, type Transport } from './transport'

const TOKEN_KEY = 'nnmf-token'

/**
 * Web mode: the token arrives once in the URL the server printed; we keep it for this tab only
 * (sessionStorage) and take it out of the address bar so it does not end up in screenshots.
 */
function accessToken(): string {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(null, '', url.toString())
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

export function httpTransport(): Transport {
  const token = accessToken()
  return {
    kind: 'web',
    async call(name: RequestName, input: unknown) {
      const response = await fetch(`/api/request/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      })
      const body = (await response.json().catch(() => null)) as { code?: string; message?: string; detail?: JobErrorDetail } | null
      if (!response.ok) throw new RequestError(body?.code ?? 'internal', body?.message ?? response.statusText, body?.detail)
      return body
    },
    async upload(file) {
      const response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
        body: file,
      })
      const body = (await response.json().catch(() => null)) as (UploadedFile & { code?: string; message?: string }) | null
      if (!response.ok || !body) throw new RequestError(body?.code ?? 'internal', body?.message ?? response.statusText)
      return body
    },
    async download(downloadId, fileName) {
      const link = document.createElement('a')
      link.href = `/api/download/${downloadId}?token=${encodeURIComponent(token)}`
      link.download = fileName
      document.body.append(link)
      link.click()
      link.remove()
      return { fileName, folder: null }
    },
    onEvent(listener) {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
      source.onmessage = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as AppEvent)
      return () => source.close()
    },
  }
}
