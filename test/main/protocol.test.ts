// The app:// protocol: the scheme's privileges, and the handler that serves out/renderer and nothing else.

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Protocol } from 'electron'
import { APP_SCHEME_PRIVILEGES, bundleResponse, registerAppScheme, serveBundle } from '../../src/main/protocol'
import { CSP } from '../../src/main/security'
import { app, protocol, resetFakes } from '../helpers/fake-electron'

let dir: string
let site: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ninja-protocol-'))
  site = join(dir, 'renderer')
  await mkdir(join(site, 'assets'), { recursive: true })
  await writeFile(join(site, 'index.html'), '<!doctype html><title>Backprop Ninja</title>')
  await writeFile(join(site, 'assets', 'index.js'), 'console.log(1)')
  await writeFile(join(site, 'assets', 'worker.mjs'), 'self.onmessage = () => {}')
  await writeFile(join(site, 'assets', 'index.css'), 'body{}')
  await writeFile(join(site, 'assets', 'gemm.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]))
  await writeFile(join(site, 'assets', 'codicon.ttf'), 'font')
  await writeFile(join(site, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  await writeFile(join(site, 'assets', 'names.json'), '["emma"]')
  await writeFile(join(site, 'assets', 'names.txt'), 'emma\n')
  await writeFile(join(dir, 'package.json'), '{"secret":true}')
  await symlink(join(dir, 'package.json'), join(site, 'assets', 'link.json'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** What app:// answers for `url`, as Chromium would ask through protocol.handle. */
function fetchApp(url: string, method = 'GET'): Promise<Response> {
  return bundleResponse(site, { url, method })
}

describe('the app:// scheme', () => {
  beforeEach(() => resetFakes())

  it('is standard, secure and fetchable, with no service workers, no CSP bypass and no cross-origin reads', () => {
    registerAppScheme(protocol as unknown as Protocol)
    expect(protocol.privileged).toStrictEqual([
      {
        scheme: 'app',
        privileges: {
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: false,
          allowServiceWorkers: false,
          bypassCSP: false
        }
      }
    ])
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('stream')
  })

  it('can only be declared before the app is ready, as in Electron', async () => {
    await app.whenReady()
    expect(() => registerAppScheme(protocol as unknown as Protocol)).toThrow(/before the app is ready/)
  })

  it('is answered by the bundle handler once the app is ready', async () => {
    await app.whenReady()
    serveBundle(protocol as unknown as Protocol, site)
    const response = await protocol.handlers.get('app')!(new Request('app://bundle/index.html'))
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>Backprop Ninja</title>')
  })
})

describe('the bundle handler', () => {
  it('serves index.html with the CSP', async () => {
    const response = await fetchApp('app://bundle/index.html')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('Content-Security-Policy')).toBe(CSP)
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(await response.text()).toBe('<!doctype html><title>Backprop Ninja</title>')
  })

  it('serves index.html for the bare origin and for /', async () => {
    for (const url of ['app://bundle', 'app://bundle/']) {
      const response = await fetchApp(url)
      expect(response.status).toBe(200)
      expect(await response.text()).toContain('Backprop Ninja')
    }
  })

  it.each([
    ['assets/index.js', 'text/javascript; charset=utf-8'],
    ['assets/worker.mjs', 'text/javascript; charset=utf-8'],
    ['assets/index.css', 'text/css; charset=utf-8'],
    ['assets/gemm.wasm', 'application/wasm'],
    ['assets/codicon.ttf', 'font/ttf'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/names.json', 'application/json; charset=utf-8'],
    ['assets/names.txt', 'text/plain; charset=utf-8'],
    ['index.html?v=2#top', 'text/html; charset=utf-8']
  ])('serves %s as %s, with the CSP', async (path, type) => {
    const response = await fetchApp(`app://bundle/${path}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe(type)
    expect(response.headers.get('Content-Security-Policy')).toBe(CSP)
  })

  it('serves the bytes unchanged', async () => {
    const response = await fetchApp('app://bundle/assets/gemm.wasm')
    expect([...new Uint8Array(await response.arrayBuffer())]).toStrictEqual([0, 97, 115, 109, 1, 0, 0, 0])
  })

  it.each([
    'app://bundle/../../package.json',
    'app://bundle/%2e%2e/%2e%2e/package.json',
    'app://bundle/..%2f..%2fpackage.json',
    'app://bundle/%2e%2e%2fpackage.json',
    'app://bundle/assets/..%2f..%2f..%2fpackage.json',
    'app://bundle/assets/..%5c..%5cpackage.json',
    'app://bundle/assets/link.json'
  ])('refuses the escape %s', async (url) => {
    const response = await fetchApp(url)
    expect([400, 403, 404]).toContain(response.status)
    expect(await response.text()).not.toContain('secret')
    expect(response.headers.get('Content-Security-Policy')).toBe(CSP)
  })

  it('answers 403 to a path that leaves the folder, even unnormalised', async () => {
    expect((await fetchApp('app://bundle/..%2fpackage.json')).status).toBe(403)
  })

  it.each([
    ['app://other/index.html', 'another host'],
    ['app://bundle.evil/index.html', 'a look-alike host'],
    ['app://bundle:8080/index.html', 'a port'],
    ['app://user@bundle/index.html', 'a user name'],
    ['https://bundle/index.html', 'another scheme']
  ])('refuses %s (%s) with 404', async (url) => {
    const response = await fetchApp(url)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('Backprop Ninja')
  })

  it('answers 404 for missing files and folders without index.html, with the CSP', async () => {
    const missing = await fetchApp('app://bundle/nope.js')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('Content-Security-Policy')).toBe(CSP)
    expect((await fetchApp('app://bundle/assets/')).status).toBe(404)
  })

  it('answers 400 to a malformed path', async () => {
    expect((await fetchApp('app://bundle/%E0%A4%A')).status).toBe(400)
    expect((await fetchApp('app://bundle/a%00b')).status).toBe(400)
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await fetchApp('app://bundle/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const post = await fetchApp('app://bundle/index.html', 'POST')
    expect(post.status).toBe(405)
    expect(post.headers.get('Content-Security-Policy')).toBe(CSP)
  })
})
