// Placeholder page so the build has a renderer entry; the renderer's developer replaces this file.

const root = document.getElementById('app')
if (root) {
  root.textContent = window.api ? 'Backprop Ninja (desktop)' : 'Backprop Ninja (browser)'
}
