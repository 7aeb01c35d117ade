/**
 * Which pages are the app's own. Pure functions with no imports at all (no Electron, no Node
 * modules: the sandboxed preload can load neither), unit-tested in Node (test/electron/app-urls.test.ts)
 * and shared by main and the preload.
 */

/** The renderer is served as app://renderer/… (a standard, secure scheme), never from file://. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'renderer'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/**
 * A URL's origin as scheme://host[:port], or null. Node's URL gives non-special schemes such as
 * app: an opaque origin ("null"), while Chromium treats a registered standard scheme as a tuple
 * origin, so app: is spelled out here; only app:, http: and https: ever have one.
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === '' ? null : `${APP_SCHEME}://${parsed.host.toLowerCase()}`
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin
  return null
}

/**
 * The origins whose pages may use the bridge: the app's own, plus the dev server's
 * (ELECTRON_RENDERER_URL, set by electron-vite in development) only when the app is not packaged,
 * so an environment variable cannot make a packaged app trust a foreign page.
 */
export function trustedOrigins(options: { isPackaged: boolean; devServerUrl: string | undefined }): Set<string> {
  const origins = new Set([APP_ORIGIN])
  const dev = !options.isPackaged && options.devServerUrl ? originOf(options.devServerUrl) : null
  if (dev) origins.add(dev)
  return origins
}

/** Compared by whole origin, never by prefix: http://localhost:5173.evil.example is not http://localhost:5173. */
export function isTrustedUrl(url: string, origins: ReadonlySet<string>): boolean {
  const origin = originOf(url)
  return origin !== null && origins.has(origin)
}

/** The argument main hands the preload (webPreferences.additionalArguments) with the trusted origins. */
export const TRUSTED_ORIGINS_ARG = '--nnmf-trusted-origins='

export function trustedOriginsArg(origins: ReadonlySet<string>): string {
  return TRUSTED_ORIGINS_ARG + [...origins].join(',')
}

export function originsFromArgs(argv: readonly string[]): Set<string> {
  const arg = argv.find((a) => a.startsWith(TRUSTED_ORIGINS_ARG))
  return new Set(arg ? arg.slice(TRUSTED_ORIGINS_ARG.length).split(',').filter(Boolean) : [])
}
