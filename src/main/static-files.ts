// Which file of the built page (out/renderer) a request names, and its content type. Shared by the app://
// protocol (protocol.ts) and scripts/serve.mjs, so both refuse the same paths. Pure Node, no Electron.

// Through the `promises` object rather than named imports: Electron teaches that object's methods to read
// inside app.asar, and a property looked up at call time always gets the taught version.
import { promises as fs } from 'node:fs'
import { extname, join, resolve, sep } from 'node:path'

/** Content types by extension; anything else is served as bytes. */
export const MIME_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ipynb': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.py': 'text/x-python; charset=utf-8'
})

/** The content type for a file name. */
export function mimeType(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** Why a request names no file: 400 malformed, 403 outside the folder, 404 nothing there. */
export type RefusalStatus = 400 | 403 | 404

/**
 * The file a request path names inside `root` (a directory means its index.html), or why there is none: 400 for
 * a malformed path, 403 for one that leaves `root` (by `..`, an encoded slash or a symlink), 404 for no file.
 * `requestPath` is the URL's path, still percent-encoded; a query or hash after it is ignored.
 */
export async function resolveRequestPath(root: string, requestPath: string): Promise<string | RefusalStatus> {
  const base = resolve(root)
  const rawPath = requestPath.split(/[?#]/, 1)[0]!
  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    return 400
  }
  if (!decoded.startsWith('/') || decoded.includes('\0')) return 400
  // Resolving before checking catches every spelling of "..", including ones that were percent-encoded.
  const wanted = resolve(base, `.${decoded}`)
  if (!isInside(base, wanted)) return 403
  try {
    const file = (await fs.stat(wanted)).isDirectory() ? join(wanted, 'index.html') : wanted
    const real = await fs.realpath(file)
    if (!isInside(await fs.realpath(base), real)) return 403
    if (!(await fs.stat(real)).isFile()) return 404
    return real
  } catch {
    return 404
  }
}

/** The bytes of a file resolveRequestPath returned. */
export function readServedFile(file: string): Promise<Buffer> {
  return fs.readFile(file)
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
}
