import { afterEach, describe, expect, test, vi } from 'vitest'
import type { TensorView } from '../../src/core/api'
import type { FusedExercise } from '../../src/core/exercise/exercises'
import { createCaches, createUiLocal, stopRunning, tensorSource, type FusedView, type UiLocal } from '../../src/renderer/src/app/context'
import { fusedKey, type FusedId } from '../../src/renderer/src/state'
import type { CoreClient } from '../../src/renderer/src/worker/client'

describe("the UI's own state", () => {
  afterEach(() => vi.useRealTimers())

  test('starts with nothing saved, running, inspected or drawn', () => {
    expect(createUiLocal()).toEqual({ saveState: 'idle', runTimer: null, inspecting: null, noticeTimer: null, classView: null, drawn: new Map() })
  })

  test('stopRunning clears the Run all timer, and does nothing when none runs', () => {
    vi.useFakeTimers()
    const ui = createUiLocal()
    const tick = vi.fn()
    // the DOM's timer id and Node's Timeout are one type in the page, two in the tests' typings
    ui.runTimer = setInterval(tick, 220) as unknown as UiLocal['runTimer']
    vi.advanceTimersByTime(500)
    stopRunning(ui)
    vi.advanceTimersByTime(1000)
    expect(tick).toHaveBeenCalledTimes(2)
    expect(ui.runTimer).toBeNull()
    stopRunning(ui)
    expect(ui.runTimer).toBeNull()
  })
})

describe('the caches', () => {
  test("start with exercises 2 and 3's hints and solutions, copied", () => {
    const hints = ['one', 'two']
    const view = (id: FusedId) => ({ id, exercise: { hints, reference: `d${id} = 0` } as unknown as FusedExercise }) as FusedView
    const caches = createCaches([2, 3], { 2: view(2), 3: view(3) })
    expect(caches.hints.get(fusedKey(2))).toEqual(hints)
    expect(caches.hints.get(fusedKey(2))).not.toBe(hints)
    expect(caches.solutions.get(fusedKey(3))).toBe('d3 = 0')
    expect(createCaches([], {} as Record<FusedId, FusedView>).hints.size).toBe(0)
  })

  test('ask the core for a tensor once, and again after a load that failed', async () => {
    const view = { shape: [1] } as unknown as TensorView
    let fail = true
    const call = vi.fn(async () => {
      if (fail) throw new Error('busy')
      return view
    })
    const caches = createCaches([], {} as Record<FusedId, FusedView>)
    const source = tensorSource({ call } as unknown as CoreClient, caches)
    await expect(source.tensor('probs')).rejects.toThrow('busy')
    await Promise.resolve()
    expect(caches.tensors.has('probs')).toBe(false)
    fail = false
    expect(await source.tensor('probs')).toBe(view)
    expect(await source.tensor('probs')).toBe(view)
    expect(await source.trueGrad('probs')).toBe(view)
    expect(call.mock.calls).toEqual([
      ['tensor', ['probs'], { urgent: true }],
      ['tensor', ['probs'], { urgent: true }],
      ['trueGrad', ['probs'], { urgent: true }]
    ])
  })
})
