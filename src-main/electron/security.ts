import { app, session, type WebContents, type WebFrameMain } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../web/static-files.js'

/**
 * Window hardening: the app shows only its own bundled pages. No navigation, no new windows, no
 * webviews, no permissions, and no request leaves for a remote origin.
 */
export function hardenSessions(isAppUrl: (url: string) => boolean): void {
  const appSession = session.defaultSession
  appSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  appSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url) || details.url.startsWith('devtools://') || details.url.startsWith('data:')
    callback({ cancel: !allowed })
  })
  appSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-redirect', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}

/** IPC is answered only for the app's own top-level page, never for a frame or foreign URL. */
export function isTrustedSender(frame: WebFrameMain | null, isAppUrl: (url: string) => boolean): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url)
}
