// A grade worker thread's entry: worker threads don't inherit tsx's loader, so each registers it, then loads the
// TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('./grade-worker.ts')
