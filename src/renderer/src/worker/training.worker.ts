// Exercise 4's training worker: its own thread, apart from the checking worker, so a 200,000-step run never
// delays a check. Trains with the core's Trainer and either the built-in backward pass or the learner's program
// (compiled after its first step when it can be: see core/compile).

import namesText from '../../../../data/names.txt?raw'
import { learnerBackward } from '../../../core/exercise/learner-backward'
import { Trainer } from '../../../core/exercise/train'
import { pathOf, TrainingRunner, type TrainingPath, type TrainingRequest } from './training-protocol'

const scope = self as unknown as DedicatedWorkerGlobalScope

// A zero-delay yield: a message to ourselves lets the page's pause and stop in before the next slice
// (setTimeout(0) would be clamped to 4 ms once nested).
const channel = new MessageChannel()
const waiting: Array<() => void> = []
channel.port1.onmessage = () => waiting.shift()?.()

const runner = new TrainingRunner({
  post: (event, transfer) => scope.postMessage(event, transfer ?? []),
  makeTrainer: (request) => {
    const program = request.backward.kind === 'mine' ? request.backward.program : null
    const backward = program === null ? undefined : learnerBackward(program.source)
    const trainer = new Trainer(namesText, request.config, request.steps, request.lrDecayStep, backward)
    return Object.assign(trainer, { path: (): TrainingPath | null => (backward === undefined ? null : pathOf(backward.path, program)) })
  },
  later: (fn) => {
    waiting.push(fn)
    channel.port2.postMessage(null)
  },
  now: () => performance.now()
})

scope.onmessage = (event: MessageEvent<TrainingRequest>) => runner.handle(event.data)
