// What the page says after the main process reloaded it because its renderer process died (src/main/window.ts
// adds `?recovered=<reason>` to the address). Pure.

const REASONS: ReadonlyMap<string, string> = new Map([
  ['crashed', 'crashed'],
  ['oom', 'ran out of memory'],
  ['killed', 'was ended by the system'],
  ['abnormal-exit', 'stopped abnormally'],
  ['launch-failed', 'could not start'],
  ['integrity-failure', 'failed a code integrity check']
])

/** The notice for a page reloaded after a crash, or null for an ordinary start. */
export function recoveryNotice(search: string): string | null {
  const reason = new URLSearchParams(search).get('recovered')
  if (reason === null) return null
  const what = REASONS.get(reason) ?? 'stopped unexpectedly'
  return `The page ${what} and was reloaded. Your work is as it was last autosaved (every change is saved within half a second).`
}
