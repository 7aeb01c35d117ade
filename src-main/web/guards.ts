import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * Loopback hardening for web mode. A page on another site can make the browser send requests to
 * 127.0.0.1 (CSRF) or rebind its own DNS name to it (DNS rebinding): the Host and Origin checks
 * stop both, and the per-launch token stops any local page or program that did not get the URL.
 */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

export function isAllowedHost(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host
  return host !== undefined && allowedHosts(port).has(host.toLowerCase())
}

/** Requests without an Origin (same-origin GETs, non-browser clients) pass; foreign origins do not. */
export function isAllowedOrigin(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  const hosts = allowedHosts(port)
  try {
    const url = new URL(origin)
    return url.protocol === 'http:' && hosts.has(url.host.toLowerCase())
  } catch {
    return false
  }
}

export function presentedToken(request: IncomingMessage, url: URL): string | undefined {
  const header = request.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim()
  return url.searchParams.get('token') ?? undefined
}

export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}
