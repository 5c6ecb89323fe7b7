// Types for serve.mjs, so TypeScript tests (and the end-to-end tests) can import it.

import type { Server } from 'node:http'

/** Content types by extension. */
export declare const MIME_TYPES: Readonly<Record<string, string>>

/** The content type for a file name. */
export declare function mimeType(file: string): string

/** The CSP from src/main/security.ts, read through tsx. */
export declare function loadCsp(): Promise<string>

/** The file a request path names inside `root`, or 400 / 403 / 404. */
export declare function resolveRequestPath(root: string, requestUrl: string): Promise<string | 400 | 403 | 404>

export interface Served {
  /** http://127.0.0.1:PORT/ */
  url: string
  port: number
  server: Server
  close(): Promise<void>
}

/** Serves `dir` on 127.0.0.1:`port` (0, or a busy port, means any free one). */
export declare function serve(dir: string, port?: number, options?: { csp?: string }): Promise<Served>
