// The app's security policy, following Electron's security checklist: a locked-down renderer, one strict
// Content-Security-Policy, no navigation, no new windows, no permissions, and outside links only to the
// lecture's own pages. Only type imports from electron, so plain Node (scripts/serve.mjs) can read the CSP.

import type { App, Session, Shell, WebContents, WebPreferences } from 'electron'
import type { LinkName } from '../preload/contract'

/** The Content-Security-Policy directives; Monaco needs inline styles and workers from self or blob URLs. */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  ['worker-src', "'self' blob:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"]
]

/** The one Content-Security-Policy: the response header here, the meta tag in the renderer, the dev server's. */
export const CSP = CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ')

/** The outside pages the app may open in the system browser, by name. */
export const EXTERNAL_LINKS: Readonly<Record<LinkName, string>> = {
  lecture: 'https://www.youtube.com/watch?v=q8SA3rM6ckI',
  makemore: 'https://github.com/karpathy/makemore',
  'nn-zero-to-hero': 'https://github.com/karpathy/nn-zero-to-hero'
}

const LECTURE_VIDEO = 'q8SA3rM6ckI'
const ZERO_TO_HERO = '/karpathy/nn-zero-to-hero'

/** The renderer's webPreferences: isolated, sandboxed, no Node, web security on, no webview tag. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    preload
  }
}

/**
 * The normalised URL when `raw` is on the allow-list (the lecture video, optionally at a time stamp; makemore's
 * repository page; anything under nn-zero-to-hero), else null. Parsing first means `..` and %-escapes are
 * resolved before the path is judged.
 */
export function allowedExternalUrl(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null
  if (url.hostname === 'www.youtube.com') {
    return isLectureVideo(url) ? url.href : null
  }
  if (url.hostname === 'github.com') {
    const path = url.pathname.replace(/\/$/, '')
    const allowed = path === '/karpathy/makemore' || path === ZERO_TO_HERO || path.startsWith(`${ZERO_TO_HERO}/`)
    return allowed ? url.href : null
  }
  return null
}

// The lecture itself, with nothing but the video id and an optional start time (the exercises link to moments).
function isLectureVideo(url: URL): boolean {
  if (url.pathname !== '/watch' || url.searchParams.get('v') !== LECTURE_VIDEO) return false
  for (const [key, value] of url.searchParams) {
    if (key === 'v') continue
    if (key !== 't' || !/^\d+s?$/.test(value)) return false
  }
  return url.searchParams.getAll('v').length === 1
}

/**
 * True when `candidate` is the app's own page: the same file as `appUrl` for a file URL (query and hash
 * ignored), or the same origin as the dev server's `appUrl`.
 */
export function isAppUrl(candidate: string, appUrl: string): boolean {
  let url: URL
  let app: URL
  try {
    url = new URL(candidate)
    app = new URL(appUrl)
  } catch {
    return false
  }
  if (app.protocol === 'file:') {
    return url.protocol === 'file:' && url.host === app.host && url.pathname === app.pathname
  }
  return url.origin !== 'null' && url.origin === app.origin
}

type Headers = Record<string, string[]>

/** `headers` with any Content-Security-Policy the server sent replaced by ours. */
export function withCsp(headers: Headers | undefined): Headers {
  const result: Headers = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value
  }
  result['Content-Security-Policy'] = [CSP]
  return result
}

type OpenExternal = Shell['openExternal']

/** Opens `url` in the system browser if the allow-list has it; says whether it did. */
export function openIfAllowed(url: string, openExternal: OpenExternal): boolean {
  const allowed = allowedExternalUrl(url)
  if (allowed === null) return false
  openExternal(allowed).catch(() => undefined)
  return true
}

/** Locks one webContents down: no navigation away from the app, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents, appUrl: string, openExternal: OpenExternal): void {
  // A link the learner clicks (the lecture, the repositories) goes to the system browser instead.
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, appUrl)) return
    event.preventDefault()
    openIfAllowed(event.url, openExternal)
  })
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url, openExternal)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export interface SecurityWiring {
  app: Pick<App, 'on'>
  session: Session
  shell: Pick<Shell, 'openExternal'>
  appUrl: string
}

/** Applies the policy: denies every permission, sets the CSP header, hardens every webContents ever created. */
export function applySecurity({ app, session, shell, appUrl }: SecurityWiring): void {
  // The app needs no camera, notifications, clipboard reads or anything else a page can ask for.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  // file:// pages get no response headers, so the renderer's meta tag carries the same policy.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) })
  })
  const openExternal: OpenExternal = (url, options) => shell.openExternal(url, options)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl, openExternal))
}
