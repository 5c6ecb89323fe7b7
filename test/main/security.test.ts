// The security policy: window preferences, the CSP, the link allow-list, navigation, new windows, permissions.

import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { App, Session, WebContents } from 'electron'
import {
  CSP,
  EXTERNAL_LINKS,
  allowedExternalUrl,
  applySecurity,
  hardenWebContents,
  isAppUrl,
  secureWebPreferences,
  withCsp
} from '../../src/main/security'
import { FakeWebContents, app, fakeEvent, fakeSession, resetFakes, shell } from '../helpers/fake-electron'

const APP_URL = 'file:///home/learner/app/out/renderer/index.html'

beforeEach(() => resetFakes())

describe('window preferences', () => {
  it('are exactly the locked-down set', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs'
    })
  })
})

describe('Content-Security-Policy', () => {
  const directives = new Map(CSP.split(';').map((part) => {
    const [name, ...values] = part.trim().split(/\s+/)
    return [name!, values.join(' ')]
  }))

  it('never allows eval', () => {
    expect(CSP).not.toContain('unsafe-eval')
    expect(CSP).not.toContain('wasm-unsafe-eval')
  })

  it('has exactly the agreed directives', () => {
    expect(Object.fromEntries(directives)).toStrictEqual({
      'default-src': "'self'",
      'script-src': "'self'",
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
    expect(directives.get('script-src')).toBe("'self'")
    expect(CSP.match(/'unsafe-inline'/g)).toHaveLength(1)
  })

  it('is the same string as the renderer page’s meta tag', () => {
    const html = readFileSync(new URL('../../src/renderer/index.html', import.meta.url), 'utf8')
    const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i)
    expect(meta?.[1]).toBe(CSP)
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
  it('accepts the app page, whatever its query or hash', () => {
    expect(isAppUrl(APP_URL, APP_URL)).toBe(true)
    expect(isAppUrl(`${APP_URL}?x=1#/exercise/2`, APP_URL)).toBe(true)
  })

  it('refuses other files and other schemes', () => {
    expect(isAppUrl('file:///home/learner/app/out/renderer/other.html', APP_URL)).toBe(false)
    expect(isAppUrl('file:///etc/passwd', APP_URL)).toBe(false)
    expect(isAppUrl('https://example.com/index.html', APP_URL)).toBe(false)
    expect(isAppUrl('garbage', APP_URL)).toBe(false)
  })

  it('accepts the dev server’s origin only', () => {
    const dev = 'http://localhost:5173/'
    expect(isAppUrl('http://localhost:5173/src/main.ts', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false)
    expect(isAppUrl('data:text/html,hi', dev)).toBe(false)
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
      expect(fakeSession.permissionCheckHandler!({}, permission, 'file://', {})).toBe(false)
    }
  })

  it('puts the CSP on every response', () => {
    apply()
    const callback = vi.fn()
    fakeSession.headersListener!({ responseHeaders: { 'Content-Security-Policy': ["script-src 'unsafe-eval'"] } }, callback)
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CSP] } })
  })

  it('hardens every webContents the app creates', () => {
    apply()
    const contents = new FakeWebContents()
    app.emit('web-contents-created', {}, contents)
    expect(contents.windowOpenHandler).not.toBeNull()
    const event = fakeEvent('https://evil.example/')
    contents.emit('will-navigate', event)
    expect(event.preventDefault).toHaveBeenCalled()
  })
})
