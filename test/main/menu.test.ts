// The application menu: its items, what they send to the page, and developer tools only in development.

import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../helpers/fake-electron'))

import type { BrowserWindow as ElectronWindow, MenuItemConstructorOptions } from 'electron'
import { installMenu, menuTemplate, type MenuContext } from '../../src/main/menu'
import { EXTERNAL_LINKS } from '../../src/main/security'
import { BrowserWindow, Menu, resetFakes, shell } from '../helpers/fake-electron'

let window: BrowserWindow | null

beforeEach(() => {
  resetFakes()
  window = new BrowserWindow({})
})

const context = (overrides: Partial<MenuContext> = {}): MenuContext => ({
  getWindow: () => window as unknown as ElectronWindow,
  isPackaged: false,
  platform: 'linux',
  appName: 'Backprop Ninja',
  ...overrides
})

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label === label)
  if (!menu) throw new Error(`no ${label} menu`)
  return menu.submenu as MenuItemConstructorOptions[]
}

function item(template: MenuItemConstructorOptions[], menu: string, label: string): MenuItemConstructorOptions {
  const found = submenu(template, menu).find((entry) => entry.label === label)
  if (!found) throw new Error(`no ${label} in ${menu}`)
  return found
}

const click = (entry: MenuItemConstructorOptions) => (entry.click as () => void)()

describe('menu template', () => {
  it('has File, Edit, View and Help', () => {
    expect(menuTemplate(context()).map((menu) => menu.label)).toStrictEqual(['File', 'Edit', 'View', 'Help'])
  })

  it('adds the app menu on macOS', () => {
    expect(menuTemplate(context({ platform: 'darwin' }))[0]).toMatchObject({ role: 'appMenu' })
  })

  it.each([
    ['Open solution…', 'open'],
    ['Export solution as .py…', 'export-py'],
    ['Export as notebook .ipynb…', 'export-ipynb']
  ])('File › %s sends "%s" to the page', (label, command) => {
    click(item(menuTemplate(context()), 'File', label))
    expect(window!.webContents.send).toHaveBeenCalledExactlyOnceWith('menu', command)
  })

  it('File ends with Quit', () => {
    expect(submenu(menuTemplate(context()), 'File').at(-1)).toStrictEqual({ role: 'quit' })
  })

  it('Edit has the standard roles', () => {
    const roles = submenu(menuTemplate(context()), 'Edit').map((entry) => entry.role).filter(Boolean)
    expect(roles).toStrictEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll'])
  })

  it('View offers developer tools only when not packaged', () => {
    const roles = (packaged: boolean) =>
      submenu(menuTemplate(context({ isPackaged: packaged })), 'View').map((entry) => entry.role)
    expect(roles(false)).toContain('toggleDevTools')
    expect(roles(true)).not.toContain('toggleDevTools')
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'resetZoom', 'zoomIn', 'zoomOut']))
  })

  it('Help › Open the lecture opens the video in the system browser', () => {
    click(item(menuTemplate(context()), 'Help', 'Open the lecture'))
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith(EXTERNAL_LINKS.lecture)
  })

  it('Help › About asks the page to show its About box', () => {
    click(item(menuTemplate(context()), 'Help', 'About Backprop Ninja'))
    expect(window!.webContents.send).toHaveBeenCalledExactlyOnceWith('menu', 'about')
  })

  it('sends nothing when the window is gone', () => {
    const template = menuTemplate(context())
    window!.destroyed = true
    click(item(template, 'File', 'Open solution…'))
    window = null
    click(item(template, 'File', 'Open solution…'))
    expect(BrowserWindow.created[0]!.webContents.send).not.toHaveBeenCalled()
  })
})

describe('installMenu', () => {
  it('sets the built menu as the application menu', () => {
    const menu = installMenu(context())
    expect(Menu.setApplicationMenu).toHaveBeenCalledExactlyOnceWith(menu)
  })
})
