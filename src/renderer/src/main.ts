// The page's entry point: the styles, then the app started in #app. The app itself is under app/: bootstrap.ts starts
// it, views.ts builds the panes, actions.ts is what they do, render.ts draws the store's state into them.

import './styles.css'
import { start } from './app/bootstrap'

void start(document.getElementById('app')!)
