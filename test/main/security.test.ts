// The security policy: window preferences, the CSP, the link allow-list, navigation, new windows, permissions.

import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { App, Session, WebContents } from 'electron'
import {
  APP_PAGE_URL,
  CSP,
  CSP_META,
  EXTERNAL_LINKS,
  allowedExternalUrl,
  applySecurity,
  hardenWebContents,
  isAllowedRequest,
  isAppUrl,
  secureWebPreferences,
  withCsp
} from '../../src/main/security'
import { FakeWebContents, app, fakeEvent, fakeSession, resetFakes, shell } from '../helpers/fake-electron'

const APP_URL = APP_PAGE_URL
const DEV_URL = 'http://localhost:5173/'

beforeEach(() => resetFakes())

describe('window preferences', () => {
  const preferences = secureWebPreferences('/app/out/preload/index.cjs')

  it('are exactly the locked-down set', () => {
    expect(preferences).toStrictEqual({
      devTools: true,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/out/preload/index.cjs'
    })
  })

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false]
  ] as const)('set %s to %s', (name, value) => {
    expect(preferences[name]).toBe(value)
  })

  it('open no developer tools in a packaged app (only in development)', () => {
    expect(secureWebPreferences('/p.cjs', { isPackaged: true }).devTools).toBe(false)
    expect(secureWebPreferences('/p.cjs', { isPackaged: false }).devTools).toBe(true)
  })

  it('enable no extra Blink features', () => {
    expect(preferences).not.toHaveProperty('enableBlinkFeatures')
  })
})

describe('Content-Security-Policy', () => {
  const directives = new Map(CSP.split(';').map((part) => {
    const [name, ...values] = part.trim().split(/\s+/)
    return [name!, values.join(' ')]
  }))

  const sources = (name: string) => (directives.get(name) ?? '').split(' ')

  it('never allows JavaScript eval', () => {
    for (const name of directives.keys()) expect(sources(name)).not.toContain("'unsafe-eval'")
  })

  it('lets scripts compile WebAssembly, and only scripts', () => {
    expect(sources('script-src')).toContain("'wasm-unsafe-eval'")
    const others = [...directives.keys()].filter((name) => name !== 'script-src')
    for (const name of others) expect(sources(name)).not.toContain("'wasm-unsafe-eval'")
  })

  it('has exactly the agreed directives', () => {
    expect(Object.fromEntries(directives)).toStrictEqual({
      'default-src': "'self'",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self' data:",
      'worker-src': "'self' blob:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'"
    })
  })

  it('allows inline code nowhere but styles', () => {
    expect(sources('script-src')).not.toContain("'unsafe-inline'")
    expect(CSP.match(/'unsafe-inline'/g)).toHaveLength(1)
    expect(sources('style-src')).toContain("'unsafe-inline'")
  })

  it('is the renderer page’s meta tag, less frame-ancestors (which browsers ignore in a meta tag)', () => {
    const html = readFileSync(new URL('../../src/renderer/index.html', import.meta.url), 'utf8')
    const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i)
    expect(meta?.[1]).toBe(CSP_META)
    expect(CSP_META).not.toContain('frame-ancestors')
    expect(CSP).toBe(`${CSP_META}; frame-ancestors 'none'`)
  })

  it('replaces whatever policy a response carried', () => {
    const headers = withCsp({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] })
    expect(headers).toStrictEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CSP] })
    expect(withCsp(undefined)).toStrictEqual({ 'Content-Security-Policy': [CSP] })
  })
})

describe('external link allow-list', () => {
  it.each([
    ['https://www.youtube.com/watch?v=q8SA3rM6ckI'],
    ['https://www.youtube.com/watch?v=q8SA3rM6ckI&t=1234s'],
    ['https://github.com/karpathy/makemore'],
    ['https://github.com/karpathy/makemore/'],
    ['https://github.com/karpathy/nn-zero-to-hero'],
    ['https://github.com/karpathy/nn-zero-to-hero/blob/master/lectures/makemore/makemore_part4_backprop.ipynb'],
    ['https://GITHUB.com/karpathy/nn-zero-to-hero/tree/master/lectures']
  ])('allows %s', (url) => {
    expect(allowedExternalUrl(url)).not.toBeNull()
  })

  it.each([
    ['http://www.youtube.com/watch?v=q8SA3rM6ckI', 'plain http'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'another video'],
    ['https://www.youtube.com/watch?v=q8SA3rM6ckI&list=PL123', 'extra parameters'],
    ['https://www.youtube.com/watch?v=q8SA3rM6ckI&v=other', 'a second video id'],
    ['https://youtube.com.evil.example/watch?v=q8SA3rM6ckI', 'a look-alike host'],
    ['https://github.com/karpathy/makemore/issues', 'paths under makemore'],
    ['https://github.com/karpathy/nn-zero-to-hero-evil', 'a prefix look-alike'],
    ['https://github.com/karpathy/nn-zero-to-hero/../../attacker/repo', 'dot-dot out of the repository'],
    ['https://github.com/karpathy/nn-zero-to-hero/%2e%2e/%2e%2e/attacker', 'encoded dot-dot'],
    ['https://user:pass@github.com/karpathy/nn-zero-to-hero', 'credentials'],
    ['https://github.com:8443/karpathy/nn-zero-to-hero', 'another port'],
    ['https://github.com.evil.example/karpathy/nn-zero-to-hero', 'a longer host'],
    ['file:///etc/passwd', 'a file'],
    ['javascript:alert(1)', 'script'],
    ['not a url', 'garbage']
  ])('refuses %s (%s)', (url) => {
    expect(allowedExternalUrl(url)).toBeNull()
  })

  it('has every named link on the list', () => {
    for (const url of Object.values(EXTERNAL_LINKS)) expect(allowedExternalUrl(url)).toBe(url)
  })
})

describe('isAppUrl', () => {
  it('accepts any page on app://bundle, whatever its query or hash', () => {
    expect(isAppUrl(APP_URL, APP_URL)).toBe(true)
    expect(isAppUrl(`${APP_URL}?x=1#/exercise/2`, APP_URL)).toBe(true)
    expect(isAppUrl('app://bundle/assets/index.js', APP_URL)).toBe(true)
  })

  it.each([
    ['app://other/index.html', 'another host'],
    ['app://bundle.evil/index.html', 'a longer host'],
    ['app://bundle:8080/index.html', 'a port'],
    ['app://user@bundle/index.html', 'a user name'],
    ['file:///home/learner/app/out/renderer/index.html', 'the same page as a file'],
    ['https://bundle/index.html', 'another scheme'],
    ['http://localhost:5173/', 'the dev server'],
    ['garbage', 'garbage']
  ])('refuses %s (%s)', (url) => {
    expect(isAppUrl(url, APP_URL)).toBe(false)
  })

  it('accepts the dev server’s origin only', () => {
    expect(isAppUrl('http://localhost:5173/src/main.ts', DEV_URL)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', DEV_URL)).toBe(false)
    expect(isAppUrl('http://127.0.0.1:5173/', DEV_URL)).toBe(false)
    expect(isAppUrl('data:text/html,hi', DEV_URL)).toBe(false)
    expect(isAppUrl(APP_URL, DEV_URL)).toBe(false)
  })
})

describe('isAllowedRequest (no remote content)', () => {
  it.each([
    'app://bundle/index.html',
    'app://bundle/assets/codicon.ttf',
    'data:font/ttf;base64,AAAA',
    'blob:app://bundle/4f9c2d1e-0000-4000-8000-000000000000',
    'devtools://devtools/bundled/devtools_app.html'
  ])('lets the app load %s', (url) => {
    expect(isAllowedRequest(url, APP_URL)).toBe(true)
  })

  it.each([
    'https://cdn.example/monaco.js',
    'http://localhost:5173/src/main.ts',
    'wss://evil.example/socket',
    'file:///etc/passwd',
    'app://other/index.html',
    'ftp://example.com/file',
    'garbage'
  ])('cancels %s', (url) => {
    expect(isAllowedRequest(url, APP_URL)).toBe(false)
  })

  it('lets the dev server’s pages and live-reload socket through in development, nothing else', () => {
    expect(isAllowedRequest('http://localhost:5173/@vite/client', DEV_URL)).toBe(true)
    expect(isAllowedRequest('ws://localhost:5173/', DEV_URL)).toBe(true)
    expect(isAllowedRequest('ws://localhost:5174/', DEV_URL)).toBe(false)
    expect(isAllowedRequest('https://example.com/', DEV_URL)).toBe(false)
  })
})

describe('hardened webContents', () => {
  const harden = () => {
    const contents = new FakeWebContents()
    hardenWebContents(contents as unknown as WebContents, APP_URL, shell.openExternal)
    return contents
  }

  it('lets the app reload its own page', () => {
    const contents = harden()
    const event = fakeEvent(APP_URL)
    contents.emit('will-navigate', event)
    expect(event.preventDefault).not.toHaveBeenCalled()
  })

  it('denies navigation to a local file or another app:// host', () => {
    const contents = harden()
    for (const url of ['file:///home/learner/app/out/renderer/index.html', 'app://other/index.html']) {
      const event = fakeEvent(url)
      contents.emit('will-navigate', event)
      expect(event.preventDefault).toHaveBeenCalled()
    }
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('denies navigation away and sends allow-listed links to the system browser', () => {
    const contents = harden()
    const lecture = fakeEvent(EXTERNAL_LINKS.lecture)
    contents.emit('will-navigate', lecture)
    expect(lecture.preventDefault).toHaveBeenCalled()
    expect(shell.openExternal).toHaveBeenCalledWith(EXTERNAL_LINKS.lecture)

    const elsewhere = fakeEvent('https://evil.example/')
    contents.emit('will-navigate', elsewhere)
    expect(elsewhere.preventDefault).toHaveBeenCalled()
    expect(shell.openExternal).toHaveBeenCalledTimes(1)
  })

  it('denies redirects away from the app', () => {
    const contents = harden()
    const event = fakeEvent('https://evil.example/')
    contents.emit('will-redirect', event)
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('denies every new window, opening only allow-listed ones externally', () => {
    const contents = harden()
    const open = contents.windowOpenHandler!
    expect(open({ url: 'https://evil.example/' })).toStrictEqual({ action: 'deny' })
    expect(shell.openExternal).not.toHaveBeenCalled()
    expect(open({ url: EXTERNAL_LINKS['nn-zero-to-hero'] })).toStrictEqual({ action: 'deny' })
    expect(shell.openExternal).toHaveBeenCalledWith(EXTERNAL_LINKS['nn-zero-to-hero'])
    expect(open({ url: APP_URL })).toStrictEqual({ action: 'deny' })
  })

  it('refuses to attach webviews', () => {
    const contents = harden()
    const event = fakeEvent()
    contents.emit('will-attach-webview', event, {}, {})
    expect(event.preventDefault).toHaveBeenCalled()
  })
})

describe('applySecurity', () => {
  const apply = () =>
    applySecurity({ app: app as unknown as App, session: fakeSession as unknown as Session, shell, appUrl: APP_URL })

  it('denies every permission request and check', () => {
    apply()
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'unknown']) {
      const callback = vi.fn()
      fakeSession.permissionRequestHandler!({}, permission, callback, {})
      expect(callback).toHaveBeenCalledWith(false)
      expect(fakeSession.permissionCheckHandler!({}, permission, 'app://bundle', {})).toBe(false)
    }
  })

  it('puts the CSP on every response', () => {
    apply()
    const callback = vi.fn()
    fakeSession.headersListener!({ responseHeaders: { 'Content-Security-Policy': ["script-src 'unsafe-eval'"] } }, callback)
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CSP] } })
  })

  it('cancels every request that would leave the machine', () => {
    apply()
    const answer = (url: string) => {
      const callback = vi.fn()
      fakeSession.beforeRequestListener!({ url }, callback)
      return callback.mock.calls[0]![0]
    }
    expect(answer('app://bundle/assets/index.js')).toStrictEqual({ cancel: false })
    expect(answer('https://cdn.example/monaco.js')).toStrictEqual({ cancel: true })
    expect(answer('http://localhost:5173/')).toStrictEqual({ cancel: true })
  })

  it('hardens every webContents the app creates', () => {
    apply()
    const contents = new FakeWebContents()
    app.emit('web-contents-created', {}, contents)
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toStrictEqual({ action: 'deny' })
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = fakeEvent('https://evil.example/')
      contents.emit(name, event, {}, {})
      expect(event.preventDefault).toHaveBeenCalled()
    }
  })
})

describe('devices', () => {
  const secure = () => applySecurity({ app: app as unknown as App, session: fakeSession as unknown as Session, shell: { openExternal: vi.fn(async () => undefined) }, appUrl: APP_URL })

  it('denies every device permission', () => {
    secure()
    for (const deviceType of ['hid', 'serial', 'usb', 'bluetooth']) expect(fakeSession.devicePermissionHandler!({ deviceType, origin: APP_URL })).toBe(false)
  })

  it.each([
    ['select-usb-device', (callback: unknown) => [{ deviceList: [{ deviceId: 'u1' }] }, callback], []],
    ['select-hid-device', (callback: unknown) => [{ deviceList: [{ deviceId: 'h1' }] }, callback], []],
    ['select-serial-port', (callback: unknown) => [[{ portId: 's1' }], {}, callback], ['']]
  ] as const)('answers %s with no device, so no picker opens', (event, args, answer) => {
    secure()
    const callback = vi.fn()
    const picked = { preventDefault: vi.fn() }
    fakeSession.emit(event, picked, ...args(callback))
    expect(picked.preventDefault).toHaveBeenCalled()
    expect(callback).toHaveBeenCalledExactlyOnceWith(...answer)
  })

  it('answers a Bluetooth device request with none', () => {
    secure()
    const contents = new FakeWebContents()
    app.emit('web-contents-created', {}, contents)
    const callback = vi.fn()
    const picked = { preventDefault: vi.fn() }
    contents.emit('select-bluetooth-device', picked, [{ deviceId: 'b1', deviceName: 'x' }], callback)
    expect(picked.preventDefault).toHaveBeenCalled()
    expect(callback).toHaveBeenCalledExactlyOnceWith('')
  })
})
