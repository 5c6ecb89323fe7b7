// window.api for the page's TypeScript. It is undefined when the page runs in a plain browser (npm start's
// fallback, the end-to-end tests), so the page must check before using it.

import type { Api } from './bridge'

export type {
  Api,
  LinkName,
  MenuCommand,
  OpenResult,
  ProgressLoad,
  ProgressSave,
  SaveResult,
  SolutionKind
} from './bridge'

declare global {
  interface Window {
    api?: Api
  }
}
