// `npm start`: builds if needed, then runs the app in Electron. Electron's binary is fetched here on first start
// (package.json's allowScripts keeps npm from running electron's download at install time, so an offline install
// stays clean). Where Electron can't run (no network for that download, or no display), it serves the same
// built page on 127.0.0.1 and opens it in the default browser instead.

import { spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from './serve.mjs'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)

const OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']
const INPUTS = ['src', 'electron.vite.config.ts', 'package.json', 'tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json']
// An Electron that dies this soon with an error never showed a window (missing libraries, no display).
const STARTUP_GRACE_MS = 4000
const DEFAULT_PORT = 5173
// The one-time download of Electron's binary gives up after this long.
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000
// The signals that end `npm start`: Ctrl+C, `kill PID`, and a closed terminal.
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP']
// How often the orphan check runs (see onParentGone).
const PARENT_POLL_MS = 500

/**
 * Calls `stop` once when this process is orphaned. `npm start` runs us under `sh -c`; ending npm by its PID
 * ends npm and the shell but sends us nothing, so without this the server (or Electron) would live on.
 */
function onParentGone(stop) {
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer)
      stop('SIGTERM')
    }
  }, PARENT_POLL_MS)
  timer.unref()
  return () => clearInterval(timer)
}

/** The newest modification time under `path` (a file or a folder), 0 if it doesn't exist. */
function newestMtime(path) {
  if (!existsSync(path)) return 0
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)))
  return newest
}

/** Why out/ needs building, or null when every output is newer than every input. */
function staleness() {
  const outputs = OUTPUTS.map((file) => join(projectRoot, file))
  const missing = outputs.find((file) => !existsSync(file))
  if (missing) return `${missing} is missing`
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  const newestInput = Math.max(...INPUTS.map((input) => newestMtime(join(projectRoot, input))))
  return newestInput > oldestOutput ? 'sources changed since the last build' : null
}

/** Runs `electron-vite build`, resolving when it succeeds. */
function build() {
  const bin = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, 'build'], { cwd: projectRoot, stdio: 'inherit' })
    child.on('error', fail)
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`electron-vite build exited with code ${code}`))))
  })
}

/**
 * The Electron executable, or the reason there is none. The electron package's own index.js would try to
 * download a missing binary, so its path.txt and dist/ are checked first and it is only required once both exist.
 */
function findElectron() {
  let packageDir
  try {
    packageDir = dirname(require.resolve('electron/package.json'))
  } catch {
    return { reason: "the electron package is not installed (run npm install); opening the same UI in your browser instead" }
  }
  const notInstalled = {
    reason: "Electron's binary is not installed (its download needs network access); opening the same UI in your browser instead"
  }
  const pathFile = join(packageDir, 'path.txt')
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    if (!existsSync(pathFile)) return notInstalled
    const executable = readFileSync(pathFile, 'utf8').trim()
    if (!executable || !existsSync(join(packageDir, 'dist', executable))) return notInstalled
  }
  try {
    const path = require('electron')
    return typeof path === 'string' && existsSync(path) ? { path } : notInstalled
  } catch {
    return notInstalled
  }
}

/**
 * Runs the electron package's own installer (the download npm was told not to run at install time), bounded in
 * time. Resolves to whether it succeeded. Skipped on CI and where BACKPROP_NINJA_NO_DOWNLOAD is set.
 */
function downloadElectron() {
  if (process.env.CI || process.env.BACKPROP_NINJA_NO_DOWNLOAD) return Promise.resolve(false)
  let installer
  try {
    installer = join(dirname(require.resolve('electron/package.json')), 'install.js')
  } catch {
    return Promise.resolve(false)
  }
  if (!existsSync(installer)) return Promise.resolve(false)
  console.log("Fetching Electron's binary (once)…")
  return new Promise((done) => {
    const child = spawn(process.execPath, [installer], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'], timeout: DOWNLOAD_TIMEOUT_MS })
    child.stderr.resume()
    child.on('error', () => done(false))
    child.on('exit', (code) => done(code === 0))
  })
}

/** Starts Electron on the project; resolves to null once it has run and quit, or to the reason it couldn't. */
function runElectron(executable) {
  return new Promise((done) => {
    const startedAt = Date.now()
    const env = { ...process.env }
    // Set by some tools; it would turn Electron into plain Node and our app would never open.
    delete env.ELECTRON_RUN_AS_NODE
    const child = spawn(executable, ['.'], { cwd: projectRoot, stdio: 'inherit', env })
    const forward = (signal) => child.kill(signal)
    for (const signal of STOP_SIGNALS) process.on(signal, forward)
    const unwatch = onParentGone(forward)
    child.on('error', (error) => done(`Electron could not be started (${error.message}); opening the same UI in your browser instead`))
    child.on('exit', (code, signal) => {
      for (const signal of STOP_SIGNALS) process.off(signal, forward)
      unwatch()
      const early = Date.now() - startedAt < STARTUP_GRACE_MS
      if (early && (code !== 0 || signal)) {
        done(`Electron stopped at startup (${signal ?? `exit code ${code}`}; is there a display?); opening the same UI in your browser instead`)
      } else {
        process.exitCode = code ?? 0
        done(null)
      }
    })
  })
}

/** Opens `url` in the default browser; a machine without one just keeps the printed address. */
function openBrowser(url) {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]]
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // No browser launcher: the address is printed above.
  }
}

/** Serves out/renderer until Ctrl+C. */
async function serveInBrowser(reason) {
  const requested = Number.parseInt(process.env.PORT ?? '', 10)
  const port = Number.isInteger(requested) && requested >= 0 && requested < 65536 ? requested : DEFAULT_PORT
  const { url, close } = await serve(join(projectRoot, 'out', 'renderer'), port)
  // the handlers go in before the address is printed: whoever reads it may end us at once
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    close().then(() => process.exit(0))
  }
  for (const signal of STOP_SIGNALS) process.once(signal, stop)
  onParentGone(stop)
  console.log(reason)
  console.log(`Backprop Ninja is at ${url} (Ctrl+C to stop)`)
  if (!process.argv.includes('--no-open') && !process.env.CI) openBrowser(url)
}

async function main() {
  const why = staleness()
  if (why) {
    console.log(`Building (${why})…`)
    await build()
  }
  let electron = findElectron()
  if (!electron.path && (await downloadElectron())) electron = findElectron()
  const failure = electron.path ? await runElectron(electron.path) : electron.reason
  if (failure) await serveInBrowser(failure)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
