// The preload: window.api is exactly the named functions, each sends one message, and ipcRenderer stays hidden.

import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../helpers/fake-electron'))

import type { Api } from '../../src/preload/bridge'
import { CHANNELS, MENU_CHANNEL } from '../../src/preload/contract'
import { contextBridge, ipcRenderer, resetFakes } from '../helpers/fake-electron'

let api: Api

beforeEach(async () => {
  resetFakes()
  vi.resetModules()
  await import('../../src/preload/index')
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
  const [key, exposed] = contextBridge.exposeInMainWorld.mock.calls[0]! as unknown as [string, Api]
  expect(key).toBe('api')
  api = exposed
})

describe('window.api', () => {
  it('has exactly the named functions', () => {
    expect(Object.keys(api).sort()).toStrictEqual(
      ['loadProgress', 'onFlushRequest', 'onMenu', 'openLecture', 'openSolution', 'saveProgress', 'saveSolution'].sort()
    )
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
  })

  it('never exposes ipcRenderer or any of its methods', () => {
    const exposed = Object.values(api) as unknown[]
    expect(exposed).not.toContain(ipcRenderer)
    for (const method of [ipcRenderer.invoke, ipcRenderer.on, ipcRenderer.removeListener]) expect(exposed).not.toContain(method)
    expect(Object.keys(api)).not.toContain('ipcRenderer')
    // Nothing is exposed under any other name either.
    expect(contextBridge.exposeInMainWorld.mock.calls.map(([name]) => name)).toStrictEqual(['api'])
  })

  it.each([
    ['saveSolution', ['backprop', 'print(1)', 'py'], CHANNELS.saveSolution],
    ['openSolution', [], CHANNELS.openSolution],
    ['loadProgress', [], CHANNELS.loadProgress],
    ['saveProgress', ['{"schema":1}'], CHANNELS.saveProgress],
    ['openLecture', ['lecture'], CHANNELS.openLecture]
  ] as const)('%s invokes %s with its arguments and returns the answer', async (name, args, channel) => {
    ipcRenderer.invoke.mockResolvedValue({ status: 'canceled' })
    const call = api[name] as (...values: unknown[]) => Promise<unknown>
    await expect(call(...args)).resolves.toStrictEqual({ status: 'canceled' })
    expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(channel, ...args)
  })
})

describe('onMenu', () => {
  it('passes only the command word, never the IPC event', () => {
    const callback = vi.fn()
    api.onMenu(callback)
    ipcRenderer.deliver(MENU_CHANNEL, 'export-py')
    expect(callback).toHaveBeenCalledTimes(1)
    expect(callback.mock.calls[0]).toStrictEqual(['export-py'])
  })

  it('ignores commands it does not know', () => {
    const callback = vi.fn()
    api.onMenu(callback)
    ipcRenderer.deliver(MENU_CHANNEL, 'format-disk')
    ipcRenderer.deliver(MENU_CHANNEL, { command: 'open' })
    expect(callback).not.toHaveBeenCalled()
  })

  it('returns a function that stops exactly that listener', () => {
    const first = vi.fn()
    const second = vi.fn()
    const stopFirst = api.onMenu(first)
    api.onMenu(second)
    expect(ipcRenderer.listenerCount(MENU_CHANNEL)).toBe(2)
    stopFirst()
    expect(ipcRenderer.listenerCount(MENU_CHANNEL)).toBe(1)
    ipcRenderer.deliver(MENU_CHANNEL, 'open')
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledWith('open')
    expect(stopFirst()).toBeUndefined()
  })
})
