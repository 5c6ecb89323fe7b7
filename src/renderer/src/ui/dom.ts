// A small element builder, so widgets read as the markup they make.

type Child = Node | string | null | undefined | false

export interface Attributes {
  class?: string
  text?: string
  title?: string
  [attribute: string]: string | number | boolean | undefined
}

/** `h('button', { class: 'primary', type: 'button' }, 'Check')`: attributes set as given; false/undefined skipped. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    if (name === 'text') element.textContent = String(value)
    else if (name === 'class') element.className = String(value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child)
  return element
}

/** A button with a visible label (and an optional longer title); `onClick` on click. */
export function button(label: string, onClick: () => void, attributes: Attributes = {}): HTMLButtonElement {
  const element = h('button', { type: 'button', ...attributes }, label)
  element.addEventListener('click', onClick)
  return element
}
