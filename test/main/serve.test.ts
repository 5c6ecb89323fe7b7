// scripts/serve.mjs: the static server behind `npm start`'s browser fallback and the end-to-end tests.

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCsp, mimeType, serve, type Served } from '../../scripts/serve.mjs'
import { CSP } from '../../src/main/security'

let dir: string
let site: string
let served: Served

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Sends the path exactly as written: no client-side clean-up of `..` (as a browser or fetch would do). */
function get(path: string, method = 'GET'): Promise<Reply> {
  return new Promise((done, fail) => {
    const outgoing = request({ host: '127.0.0.1', port: served.port, path, method }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => done({ status: response.statusCode ?? 0, headers: response.headers, body }))
    })
    outgoing.on('error', fail)
    outgoing.end()
  })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ninja-serve-'))
  site = join(dir, 'renderer')
  await mkdir(join(site, 'assets'), { recursive: true })
  await writeFile(join(site, 'index.html'), '<!doctype html><title>Backprop Ninja</title>')
  await writeFile(join(site, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(site, 'assets', 'style.css'), 'body{}')
  await writeFile(join(site, 'assets', 'engine.wasm'), Buffer.from([0, 97, 115, 109]))
  await writeFile(join(site, 'assets', 'codicon.ttf'), 'font')
  await writeFile(join(dir, 'package.json'), '{"secret":true}')
  await symlink(join(dir, 'package.json'), join(site, 'assets', 'link.json'))
  served = await serve(site, 0)
})
afterAll(async () => {
  await served.close()
  await rm(dir, { recursive: true, force: true })
})

describe('serve', () => {
  it('listens on loopback only', () => {
    expect(served.url).toBe(`http://127.0.0.1:${served.port}/`)
  })

  it('serves index.html at / with the app’s CSP', async () => {
    const reply = await get('/')
    expect(reply.status).toBe(200)
    expect(reply.body).toContain('<title>Backprop Ninja</title>')
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(reply.headers['content-security-policy']).toBe(CSP)
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
  })

  it('reads the CSP from src/main/security.ts', async () => {
    expect(await loadCsp()).toBe(CSP)
  })

  it.each([
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/style.css', 'text/css; charset=utf-8'],
    ['/assets/engine.wasm', 'application/wasm'],
    ['/assets/codicon.ttf', 'font/ttf'],
    ['/index.html?v=2#top', 'text/html; charset=utf-8']
  ])('serves %s as %s', async (path, type) => {
    const reply = await get(path)
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe(type)
    expect(reply.headers['content-security-policy']).toBe(CSP)
  })

  it('knows the other types the app ships', () => {
    expect(mimeType('a.woff2')).toBe('font/woff2')
    expect(mimeType('a.svg')).toBe('image/svg+xml')
    expect(mimeType('a.mjs')).toBe('text/javascript; charset=utf-8')
    expect(mimeType('a.unknown')).toBe('application/octet-stream')
  })

  it.each([
    '/../package.json',
    '/assets/../../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/assets/..%5c..%5cpackage.json'
  ])('refuses the traversal %s', async (path) => {
    const reply = await get(path)
    expect([400, 403, 404]).toContain(reply.status)
    expect(reply.body).not.toContain('secret')
  })

  it('answers 403 to a path that leaves the folder', async () => {
    expect((await get('/../package.json')).status).toBe(403)
  })

  it('refuses a symlink pointing outside the folder', async () => {
    const reply = await get('/assets/link.json')
    expect(reply.status).toBe(403)
    expect(reply.body).not.toContain('secret')
  })

  it('answers 404 for missing files, with the CSP still set', async () => {
    const reply = await get('/nope.js')
    expect(reply.status).toBe(404)
    expect(reply.headers['content-security-policy']).toBe(CSP)
    expect((await get('/assets/')).status).toBe(404)
  })

  it('answers 400 to a malformed path', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400)
    expect((await get('/a%00b')).status).toBe(400)
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('/', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
    const post = await get('/', 'POST')
    expect(post.status).toBe(405)
    expect(post.headers['allow']).toBe('GET, HEAD')
  })

  it('moves to a free port when the asked-for one is taken', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done))
    const taken = (blocker.address() as { port: number }).port
    const second = await serve(site, taken, { csp: CSP })
    try {
      expect(second.port).not.toBe(taken)
      expect(second.port).toBeGreaterThan(0)
    } finally {
      await second.close()
      await new Promise((done) => blocker.close(done))
    }
  })
})
