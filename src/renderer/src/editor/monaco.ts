// The cell editor: Monaco's slim entry plus only the contributions a cell needs (typing, suggestions, hovers, find,
// markers), Python colouring, one model per node (so each keeps its undo history), error markers at the core's
// line and column, and Ctrl/Cmd+Enter to check.

import * as monaco from 'monaco-editor/editor'
import 'monaco-editor/editor/browser/coreCommands'
import 'monaco-editor/editor/contrib/suggest/browser/suggestController'
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2'
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution'
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching'
import 'monaco-editor/editor/contrib/comment/browser/comment'
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard'
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError'
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter'
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations'
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations'
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor'
import 'monaco-editor/editor/contrib/indentation/browser/indentation'
// flags look-alike characters in pasted code (a '−' from a PDF is not '-'); it runs in Monaco's worker
import 'monaco-editor/editor/contrib/unicodeHighlighter/browser/unicodeHighlighter'
// Ctrl+M (Ctrl+Shift+M on macOS): Tab moves the focus instead of indenting, Monaco's way out for keyboard users
import 'monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode'
import 'monaco-editor/editor/common/standaloneStrings'
import 'monaco-editor/features/find/register'
import 'monaco-editor/features/codicon/register'
import 'monaco-editor/languages/definitions/python/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import type { CodeError } from '../../../core/api'
import { hoverFor, membersAfter, type ScopeName } from './completions'

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker }
  }
}

export interface CellEditor {
  /** shows `name`'s cell (creating its model with `text` the first time, or replacing text that differs) */
  show(name: string, text: string): void
  /** replaces a cell's text without showing it (after an import) */
  setText(name: string, text: string): void
  /** the error markers of a cell */
  setError(name: string, error: CodeError | null): void
  /** highlights one line of the shown cell (the trace stepper: a line that ran, or the one that raised), or none */
  highlightLine(line: number | null, kind?: 'ran' | 'raised'): void
  /** the names in scope for the shown cell (completions, hovers) */
  setScope(scope: ScopeName[]): void
  focus(): void
  layout(): void
}

export interface CellEditorHandlers {
  /** the learner changed a cell */
  onChange(name: string, text: string): void
  /** Ctrl/Cmd+Enter */
  onRun(name: string): void
  /** Escape with nothing of the editor's own to close: the learner wants out (Tab indents inside the editor) */
  onLeave?(): void
}

let languageSetUp = false
let currentScope: ScopeName[] = []

function setUpLanguage(): void {
  if (languageSetUp) return
  languageSetUp = true
  self.MonacoEnvironment = { getWorker: () => new EditorWorker() }
  monaco.editor.defineTheme('ninja-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#1b1d23', 'editor.lineHighlightBackground': '#252833' }
  })
  monaco.languages.registerCompletionItemProvider('python', {
    triggerCharacters: ['.'],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position)
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn)
      const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1)
      const K = monaco.languages.CompletionItemKind
      if (before.endsWith('.')) {
        const members = membersAfter(before.slice(0, -1).trimStart().split(/[\s=+\-*/,(]/).pop() ?? '', currentScope)
        return {
          suggestions: (members ?? []).map((m) => ({
            label: m.name,
            kind: m.call ? K.Method : K.Property,
            detail: m.detail,
            insertText: m.name,
            range
          }))
        }
      }
      const kinds = { tensor: K.Variable, grad: K.Variable, int: K.Constant, module: K.Module }
      return {
        suggestions: currentScope.map((s) => ({
          label: s.name,
          kind: kinds[s.kind],
          detail: s.detail,
          documentation: { value: s.doc },
          insertText: s.name,
          // gradients first, then tensors: what a learner reaches for most
          sortText: `${s.kind === 'grad' ? 0 : s.kind === 'tensor' ? 1 : 2}${s.name}`,
          range
        }))
      }
    }
  })
  monaco.languages.registerHoverProvider('python', {
    provideHover(model, position) {
      const word = model.getWordAtPosition(position)
      if (!word) return null
      const doc = hoverFor(word.word, currentScope)
      if (!doc) return null
      return {
        range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
        contents: [{ value: doc }]
      }
    }
  })
}

/** Creates the editor inside `container` (which carries data-testid="editor"). */
export function createCellEditor(container: HTMLElement, handlers: CellEditorHandlers): CellEditor {
  setUpLanguage()
  const models = new Map<string, monaco.editor.ITextModel>()
  let shown = ''
  let quiet = false
  let lineDecorations: monaco.editor.IEditorDecorationsCollection | null = null

  const editor = monaco.editor.create(container, {
    language: 'python',
    theme: 'ninja-dark',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    lineHeight: 21,
    fontFamily: "'JetBrains Mono', 'Cascadia Code', 'Fira Code', Menlo, Consolas, monospace",
    tabSize: 4,
    insertSpaces: true,
    scrollBeyondLastLine: false,
    renderLineHighlight: 'line',
    wordWrap: 'on',
    glyphMargin: false,
    lineNumbersMinChars: 3,
    padding: { top: 8, bottom: 8 },
    fixedOverflowWidgets: true,
    // Enter ends the line: a fast typist's name is often complete when the list is still open (see pickedByArrow)
    acceptSuggestionOnEnter: 'off',
    ariaLabel: 'Cell editor: Python code that computes the gradient. Tab accepts a suggestion; Ctrl+Enter checks the cell; Escape leaves the editor.'
  })

  // Enter accepts a suggestion only when the learner chose it with the arrow keys; Tab always accepts. Any typing or
  // cursor move forgets the choice, so Enter after a typed word is always a new line.
  const pickedByArrow = editor.createContextKey<boolean>('ninjaSuggestionPicked', false)
  const LIST_KEYS = new Set([monaco.KeyCode.UpArrow, monaco.KeyCode.DownArrow, monaco.KeyCode.PageUp, monaco.KeyCode.PageDown])
  editor.onKeyDown((event) => {
    if (LIST_KEYS.has(event.keyCode)) pickedByArrow.set(true)
  })
  editor.onDidChangeModelContent(() => pickedByArrow.set(false))
  editor.onDidChangeCursorPosition(() => pickedByArrow.set(false))
  editor.onDidChangeModel(() => pickedByArrow.set(false))
  editor.addCommand(monaco.KeyCode.Enter, () => editor.trigger('keyboard', 'acceptSelectedSuggestion', {}), 'suggestWidgetVisible && ninjaSuggestionPicked')

  keepSuggestionsInside(container)

  const modelFor = (name: string, text: string): monaco.editor.ITextModel => {
    let model = models.get(name)
    if (!model) {
      model = monaco.editor.createModel(text, 'python', monaco.Uri.parse(`inmemory://cells/${name}.py`))
      model.onDidChangeContent(() => {
        if (!quiet) handlers.onChange(name, model!.getValue())
      })
      models.set(name, model)
    }
    return model
  }

  const setQuietly = (model: monaco.editor.ITextModel, text: string): void => {
    if (model.getValue() === text) return
    quiet = true
    try {
      // pushEditOperations keeps the change undoable, unlike setValue
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null)
    } finally {
      quiet = false
    }
  }

  const run = (): void => {
    // a suggestion list left open over the verdict is in the way once the cell is checked
    editor.trigger('run', 'hideSuggestWidget', null)
    handlers.onRun(shown)
  }
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, run)
  // On macOS Ctrl+Enter works too (CtrlCmd is Cmd there; WinCtrl is the Control key).
  editor.addCommand(monaco.KeyMod.WinCtrl | monaco.KeyCode.Enter, run)
  // Tab indents here, so Escape is the keyboard's way out, once Escape has nothing of the editor's to close
  editor.addCommand(
    monaco.KeyCode.Escape,
    () => handlers.onLeave?.(),
    '!suggestWidgetVisible && !findWidgetVisible && !markersNavigationVisible && !parameterHintsVisible && !editorHasMultipleSelections && !inSnippetMode && !editorHoverVisible'
  )

  return {
    show(name, text) {
      const model = modelFor(name, text)
      setQuietly(model, text)
      if (shown !== name) {
        shown = name
        editor.setModel(model)
        lineDecorations?.clear()
      }
    },
    setText(name, text) {
      const model = models.get(name)
      if (model) setQuietly(model, text)
    },
    setError(name, error) {
      const model = models.get(name)
      if (!model) return
      // an error with no place (line 0: a time limit hit by the page, a checker failure) is for the feedback panel
      if (!error || error.line < 1) {
        monaco.editor.setModelMarkers(model, 'core', [])
        return
      }
      const line = Math.max(1, Math.min(error.line || 1, model.getLineCount()))
      const lineEnd = model.getLineMaxColumn(line)
      const col = Math.max(1, Math.min(error.col || 1, lineEnd))
      const endLine = error.endLine ? Math.min(error.endLine, model.getLineCount()) : line
      let endCol = error.endCol ?? 0
      if (endLine === line && endCol <= col) {
        // no end given: underline the word at the column, or to the end of the line
        const word = model.getWordAtPosition({ lineNumber: line, column: col })
        endCol = word && word.endColumn > col ? word.endColumn : lineEnd
      }
      monaco.editor.setModelMarkers(model, 'core', [
        {
          severity: monaco.MarkerSeverity.Error,
          message: error.message,
          startLineNumber: line,
          startColumn: col,
          endLineNumber: endLine,
          endColumn: Math.max(endCol, col + 1)
        }
      ])
    },
    highlightLine(line, kind = 'ran') {
      lineDecorations?.clear()
      if (line === null) return
      const raised = kind === 'raised'
      lineDecorations = editor.createDecorationsCollection([
        {
          range: new monaco.Range(line, 1, line, 1),
          options: { isWholeLine: true, className: raised ? 'trace-line raised' : 'trace-line', linesDecorationsClassName: raised ? 'trace-gutter raised' : 'trace-gutter' }
        }
      ])
      editor.revealLineInCenterIfOutsideViewport(line)
    },
    setScope(scope) {
      currentScope = scope
    },
    focus: () => editor.focus(),
    layout: () => editor.layout()
  }
}

/**
 * Monaco lets its suggestion list run up to its own width past the editor's right edge (over the inspector's shape
 * row in a three-pane window): shift it left, as it already does at the window's edge, so it stays over the editor.
 */
function keepSuggestionsInside(container: HTMLElement): void {
  const fit = (): void => {
    const widget = container.querySelector<HTMLElement>('.suggest-widget.visible')
    if (!widget) return
    const box = widget.getBoundingClientRect()
    const bound = container.getBoundingClientRect()
    const over = box.right - bound.right
    if (over <= 0.5) return
    const left = parseFloat(widget.style.left)
    if (Number.isFinite(left)) widget.style.left = `${Math.max(left - over, left - (box.left - bound.left))}px`
  }
  // Monaco moves the widget by its inline style; a moved widget is fitted again (a fitted one changes nothing)
  new MutationObserver(fit).observe(container, { subtree: true, childList: true, attributes: true, attributeFilter: ['style', 'class'] })
}
