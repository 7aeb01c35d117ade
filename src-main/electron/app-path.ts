import path from 'node:path'
import { APP_HOST, APP_SCHEME } from './app-origins.js'

/**
 * The file under `rendererDir` that an app://renderer/… request names, or null when the URL is not
 * the app's or would leave the folder (`..`, encoded slashes or backslashes, NUL). "/" is index.html;
 * the caller serves index.html for a path with no file (the app routes inside the page).
 */
export function resolveAppPath(rendererDir: string, url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) return null
  let decoded: string
  try {
    decoded = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const segments = decoded.split('/')
  if (segments.some((segment) => segment === '..')) return null
  const root = path.resolve(rendererDir)
  const relative = segments.filter((segment) => segment !== '' && segment !== '.').join(path.sep)
  const file = path.resolve(root, relative === '' ? 'index.html' : relative)
  return file === root || !file.startsWith(root + path.sep) ? null : file
}
