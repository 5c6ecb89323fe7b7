// A small static server for the built page (out/renderer): what `npm start` falls back to when Electron can't
// run, and what the end-to-end tests load in a browser. Loopback only, the app's own CSP on every response,
// and no path outside the served folder, however the request spells it.

import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { tsImport } from 'tsx/esm/api'

// The file lookup and content types are the app:// protocol's own (src/main/static-files.ts), so the browser
// fallback refuses exactly what the app refuses. Read through tsx, a dev dependency.
const staticFiles = await tsImport('../src/main/static-files.ts', import.meta.url)

/** Content types by extension; anything else is served as bytes. */
export const MIME_TYPES = staticFiles.MIME_TYPES

/** The content type for a file name. */
export const mimeType = staticFiles.mimeType

/**
 * The file a request path names inside `root` (a directory means its index.html), or a status code: 400 for a
 * malformed path, 403 for one that leaves `root` (by `..`, an encoded slash or a symlink), 404 for none.
 */
export const resolveRequestPath = staticFiles.resolveRequestPath

/** The CSP from src/main/security.ts, the single source of truth. */
export async function loadCsp() {
  const security = await tsImport('../src/main/security.ts', import.meta.url)
  return security.CSP
}

const STATUS_TEXT = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed' }

/**
 * Serves `dir` on http://127.0.0.1:`port` (0, or a port in use, means any free one). Resolves to
 * { url, port, server, close } once listening.
 */
export async function serve(dir, port = 0, options = {}) {
  const root = resolve(dir)
  const csp = options.csp ?? (await loadCsp())
  const host = '127.0.0.1'
  const common = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // A rebuild must show up on the next reload.
    'Cache-Control': 'no-store'
  }

  const server = createServer(async (request, response) => {
    const fail = (status, extra = {}) => {
      const body = `${status} ${STATUS_TEXT[status]}\n`
      response.writeHead(status, { ...common, ...extra, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) })
      response.end(request.method === 'HEAD' ? undefined : body)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, { Allow: 'GET, HEAD' })
    const file = await resolveRequestPath(root, request.url ?? '/')
    if (typeof file === 'number') return fail(file)
    let size
    try {
      size = (await stat(file)).size
    } catch {
      return fail(404)
    }
    response.writeHead(200, { ...common, 'Content-Type': mimeType(file), 'Content-Length': size })
    if (request.method === 'HEAD') return response.end()
    createReadStream(file)
      .on('error', () => response.destroy())
      .pipe(response)
  })

  const actualPort = await listen(server, port, host)
  const url = `http://${host}:${actualPort}/`
  const close = () =>
    new Promise((done) => {
      server.close(() => done())
      server.closeAllConnections()
    })
  return { url, port: actualPort, server, close }
}

// Listens on `port`; if another program holds it, takes any free port rather than failing.
function listen(server, port, host) {
  return new Promise((done, fail) => {
    const onError = (error) => {
      if (error.code === 'EADDRINUSE' && port !== 0) {
        server.listen(0, host)
      } else {
        server.off('error', onError)
        fail(error)
      }
    }
    server.on('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      done(server.address().port)
    })
  })
}
