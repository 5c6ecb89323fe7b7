// The application menu. File commands are the page's to carry out (it holds the learner's code), so they are
// sent to it as one word on the 'menu' channel; the lecture link the main process opens itself.

import { Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import { MENU_CHANNEL, type MenuCommand } from '../preload/contract'
import { EXTERNAL_LINKS, openIfAllowed } from './security'

export interface MenuContext {
  getWindow: () => BrowserWindow | null
  isPackaged: boolean
  platform: NodeJS.Platform
  appName: string
}

/** The menu's template: File, Edit, View and Help (plus the app menu on macOS). */
export function menuTemplate({ getWindow, isPackaged, platform, appName }: MenuContext): MenuItemConstructorOptions[] {
  const send = (command: MenuCommand) => () => {
    const window = getWindow()
    if (window && !window.isDestroyed()) window.webContents.send(MENU_CHANNEL, command)
  }
  const isMac = platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (isMac) template.push({ label: appName, role: 'appMenu' })
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Open solution…', accelerator: 'CmdOrCtrl+O', click: send('open') },
        { type: 'separator' },
        { label: 'Export solution as .py…', accelerator: 'CmdOrCtrl+Shift+E', click: send('export-py') },
        { label: 'Export as notebook .ipynb…', click: send('export-ipynb') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' }
      ]
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        // Developer tools are for developing the app, not for the learner's copy.
        ...(isPackaged ? [] : ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' }
      ]
    },
    {
      label: 'Help',
      submenu: [
        { label: 'Open the lecture', click: () => openIfAllowed(EXTERNAL_LINKS.lecture, (url) => shell.openExternal(url)) },
        { type: 'separator' },
        { label: `About ${appName}`, click: send('about') }
      ]
    }
  )
  return template
}

/** Builds the menu from the template and makes it the application menu. */
export function installMenu(context: MenuContext): Menu {
  const menu = Menu.buildFromTemplate(menuTemplate(context))
  Menu.setApplicationMenu(menu)
  return menu
}
