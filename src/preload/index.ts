// The preload: puts the narrow api on window.api. The page never sees ipcRenderer, an IPC event or a channel.

import { contextBridge, ipcRenderer } from 'electron'
import { createApi } from './bridge'

const api = createApi(ipcRenderer)

/** The shape of window.api (the same type as bridge.ts's Api). */
export type Api = typeof api

contextBridge.exposeInMainWorld('api', api)
