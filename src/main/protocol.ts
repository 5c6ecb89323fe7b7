// The app:// scheme: the built page (out/renderer) served as the origin app://bundle. A file:// page has no real
// origin, and with the grantFileProtocolExtraPrivileges fuse off it can't reliably load module scripts or
// workers; a standard, secure scheme behaves like https for the page, with every response coming from here.

import type { CustomScheme, Protocol } from 'electron'
import { APP_HOST, APP_SCHEME, CSP } from './security'
import { mimeType, readServedFile, resolveRequestPath } from './static-files'

/**
 * What app:// may do: standard (relative URLs, origin, storage), secure (a secure context, like https) and fetch.
 * Not corsEnabled: the page only loads its own origin, and without it no other origin can read app:// at all.
 * No service workers and no bypassing the CSP.
 */
export const APP_SCHEME_PRIVILEGES: NonNullable<CustomScheme['privileges']> = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  allowServiceWorkers: false,
  bypassCSP: false
}

/** Declares app:// privileged; Electron accepts this only before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])
}

/** Answers app:// requests with files from `root` (out/renderer); call once the app is ready. */
export function serveBundle(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, (request) => bundleResponse(root, request))
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad request',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed'
}

/**
 * The response to one app:// request: the file from `root` for a GET or HEAD to app://bundle, else an error
 * status. Every response carries the CSP, since workers take their policy from their own script's headers.
 */
export async function bundleResponse(root: string, request: Pick<Request, 'url' | 'method'>): Promise<Response> {
  const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' }
  const fail = (status: number): Response =>
    new Response(request.method === 'HEAD' ? null : `${status} ${STATUS_TEXT[status]}\n`, {
      status,
      headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }
    })

  if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405)
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return fail(400)
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return fail(404)
  }
  const file = await resolveRequestPath(root, url.pathname || '/')
  if (typeof file === 'number') return fail(file)
  let body: Buffer
  try {
    body = await readServedFile(file)
  } catch {
    return fail(404)
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...headers, 'Content-Type': mimeType(file), 'Content-Length': String(body.length) }
  })
}
