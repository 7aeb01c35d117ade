import fs from 'node:fs'
import path from 'node:path'
import type { ServerResponse } from 'node:http'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
}

/** The Content-Type for a built renderer file (web mode and the app's app:// protocol). */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream'
}

/** Same policy as the app window: nothing but our own origin, no inline scripts, no eval. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** Serves the built renderer; unknown paths get index.html (the app routes in the page). */
export function serveStatic(rootDir: string, pathname: string, response: ServerResponse): void {
  const root = path.resolve(rootDir)
  const decoded = safeDecode(pathname)
  let file = decoded === undefined ? undefined : path.resolve(root, '.' + path.posix.normalize(decoded))
  if (file === undefined || (file !== root && !file.startsWith(root + path.sep))) {
    response.writeHead(404).end()
    return
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html')
  if (!fs.existsSync(file)) {
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
    response.end('The app has not been built: run `npm run build` first.')
    return
  }
  response.writeHead(200, {
    'content-type': contentTypeOf(file),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  })
  fs.createReadStream(file).pipe(response)
}

function safeDecode(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return undefined
  }
}
