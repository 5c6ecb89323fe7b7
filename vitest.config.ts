import { defineConfig } from 'vitest/config'

// Three projects: `unit` is the fast loop a developer runs after every change (`npm run test:fast`); `slow` holds
// what spawns processes, trains, runs PyTorch or generates thousands of random cases; `e2e` drives Chromium.
// `npm test` runs all three. No test in any of them asserts how fast the machine is.
const SLOW = [
  'test/cli/**/*.test.ts',
  'test/exercise/train*.test.ts',
  'test/compile/**/*.slow.test.ts',
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
          exclude: ['test/e2e/**', ...SLOW],
          environment: 'node',
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
