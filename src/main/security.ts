// The app's security policy, following Electron's security checklist: a locked-down renderer, one strict
// Content-Security-Policy, no remote content, no navigation, no new windows, no permissions, and outside links
// only to the lecture's own pages. Only type imports from electron, so plain Node (scripts/serve.mjs) can read
// the CSP.

import type { App, Session, Shell, WebContents, WebPreferences } from 'electron'
import type { LinkName } from '../preload/contract'

/** The scheme the built page is served under (see protocol.ts); a custom one, because file:// has no origin. */
export const APP_SCHEME = 'app'

/** The one host app:// answers for: the page's origin is app://bundle. */
export const APP_HOST = 'bundle'

/** The page the window loads outside development. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * The Content-Security-Policy directives. Monaco needs inline styles and workers from self or blob URLs; the
 * training kernel is WebAssembly, which 'wasm-unsafe-eval' lets the page compile (it allows no JavaScript eval).
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
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

/** The one Content-Security-Policy: app://'s and the session's response header, the page's meta tag, serve.mjs's. */
export const CSP = CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ')

/**
 * The same policy for the page's <meta> tag: browsers ignore frame-ancestors there (and log an error saying so),
 * so it is left out; the response header (app:// and the browser fallback's server) carries the whole policy.
 */
export const CSP_META = CSP_DIRECTIVES.filter(([name]) => name !== 'frame-ancestors')
  .map(([name, value]) => `${name} ${value}`)
  .join('; ')

/** The outside pages the app may open in the system browser, by name. */
export const EXTERNAL_LINKS: Readonly<Record<LinkName, string>> = {
  lecture: 'https://www.youtube.com/watch?v=q8SA3rM6ckI',
  makemore: 'https://github.com/karpathy/makemore',
  'nn-zero-to-hero': 'https://github.com/karpathy/nn-zero-to-hero'
}

const LECTURE_VIDEO = 'q8SA3rM6ckI'
const ZERO_TO_HERO = '/karpathy/nn-zero-to-hero'

/**
 * The renderer's webPreferences: isolated, sandboxed, no Node anywhere (page, workers, subframes), web security
 * on, no experimental Blink features, no webview tag.
 */
export function secureWebPreferences(preload: string, { isPackaged = false }: { isPackaged?: boolean } = {}): WebPreferences {
  return {
    // a packaged app opens no developer tools (they would run any code typed into their console)
    devTools: !isPackaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    // The editor is for code; the spell checker would also download dictionaries from the network.
    spellcheck: false,
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
 * True when `candidate` is on the app's own origin: app://bundle when `appUrl` is an app:// page, the dev
 * server's origin when it is the dev server. Any path, query or hash there is the app's.
 */
export function isAppUrl(candidate: string, appUrl: string): boolean {
  const origin = originOf(candidate)
  return origin !== null && origin === originOf(appUrl)
}

// Node's URL gives custom schemes the opaque origin "null", so app:// origins are built by hand. A user name or
// password never belongs on the app's own URLs.
function originOf(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.username !== '' || url.password !== '') return null
  if (url.protocol === `${APP_SCHEME}:`) return url.host === APP_HOST ? `${APP_SCHEME}://${APP_HOST}` : null
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  return url.origin
}

// Requests that never leave the machine: inline data, the page's own blobs, and DevTools' own pages.
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'devtools:'])

/**
 * True when the page may make a request for `raw`: its own origin (plus the dev server's live-reload socket) or
 * a local scheme. Nothing is ever fetched from the network.
 */
export function isAllowedRequest(raw: string, appUrl: string): boolean {
  if (isAppUrl(raw, appUrl)) return true
  let url: URL
  let app: URL
  try {
    url = new URL(raw)
    app = new URL(appUrl)
  } catch {
    return false
  }
  if (LOCAL_SCHEMES.has(url.protocol)) return true
  const fromDevServer = app.protocol === 'http:' || app.protocol === 'https:'
  const socket = url.protocol === 'ws:' || url.protocol === 'wss:'
  return fromDevServer && socket && url.host === app.host
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
  // the app needs no Bluetooth device: a page's request for one is answered with none
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault()
    callback('')
  })
}

export interface SecurityWiring {
  app: Pick<App, 'on'>
  session: Session
  shell: Pick<Shell, 'openExternal'>
  appUrl: string
}

/**
 * Applies the policy: denies every permission and device, cancels every request to the network, sets the CSP
 * header and hardens every webContents ever created.
 */
export function applySecurity({ app, session, shell, appUrl }: SecurityWiring): void {
  // The app needs no camera, notifications, clipboard reads or anything else a page can ask for.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  // nor any USB, serial or HID device: no permission, and every device picker answered with none
  session.setDevicePermissionHandler(() => false)
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault()
    callback('')
  })
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  // No remote content: should a page ever reach for a URL outside the app, the request never leaves.
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, appUrl) })
  })
  // app:// responses carry the policy already; this covers the dev server (and anything else) as well.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) })
  })
  const openExternal: OpenExternal = (url, options) => shell.openExternal(url, options)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl, openExternal))
}
