// `npm start` in its browser fallback (no Electron binary here): however it is ended, its server goes with it.

import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..')
const started: ChildProcess[] = []

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

/** Starts `command` and resolves to its process and the port its server printed. */
function start(command: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, CI: '1', PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  started.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /is at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)
      if (m) resolve({ child, port: Number(m[1]) })
    })
    child.on('exit', (code) => reject(new Error(`${command} ended (code ${code}) before serving:\n${out}`)))
  })
}

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Polls until nothing listens on `port` (at most `tries` times, 100 ms apart); the number of tries left. */
async function untilClosed(port: number, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (!(await listening(port))) return true
    await new Promise((r) => setTimeout(r, 100))
  }
  return false
}

describe('npm start, served in the browser', () => {
  it('stops its server when npm itself is ended by its PID', async () => {
    const { child, port } = await start('npm', ['start', '--silent', '--', '--no-open'])
    expect(await listening(port)).toBe(true)
    child.kill('SIGTERM')
    expect(await untilClosed(port)).toBe(true)
  })

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('stops its server and exits 0 on %s', async (signal) => {
    const { child, port } = await start(process.execPath, ['scripts/start.mjs', '--no-open'])
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    child.kill(signal)
    expect(await exited).toBe(0)
    expect(await untilClosed(port)).toBe(true)
  })
})
