import { defineConfig } from 'vitest/config'

// The fast loop a developer runs after every change (`npm run test:fast`) is two projects: `unit`, the core's tests,
// which share one module cache per worker thread (`isolate: false`: importing the core once a thread, not once a
// file, is most of what makes the loop fast), and `unit-isolated`, the tests that mock Electron, stub globals or
// fake timers (main, preload, renderer), each file in a fresh module graph. `slow` holds what spawns processes,
// trains, runs PyTorch or generates thousands of random cases; `e2e` drives Chromium. `npm test` runs them all. No
// test in any of them asserts how fast the machine is.
const ISOLATED = ['test/main/**', 'test/preload/**', 'test/renderer/**', 'test/lang/work-budget.test.ts']

const SLOW = [
  'test/cli/**/*.test.ts',
  'test/exercise/train*.test.ts',
  'test/compile/**/*.slow.test.ts',
  'test/kernels/**/*.slow.test.ts',
  'test/grader/export-torch.test.ts',
  'test/hardening/property.test.ts',
  'test/hardening/tensor-property.test.ts',
  'test/hardening/learner-code.test.ts',
  'test/lang/pathological.test.ts',
  'test/scripts/**/*.test.ts'
]

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', ...ISOLATED, ...SLOW],
          environment: 'node',
          pool: 'threads',
          isolate: false,
          testTimeout: 60_000
        }
      },
      {
        test: {
          name: 'unit-isolated',
          include: ISOLATED.map((p) => (p.endsWith('**') ? `${p}/*.test.ts` : p)),
          exclude: SLOW,
          environment: 'node',
          pool: 'threads',
          testTimeout: 60_000
        }
      },
      {
        test: {
          name: 'slow',
          include: SLOW,
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000
        }
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false
        }
      }
    ]
  }
})
