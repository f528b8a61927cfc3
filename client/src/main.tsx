import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { ServicesProvider } from './app/services.js';
import { installDiagnostics } from './diagnostics/installDiagnostics.js';
import './i18n/i18n.js';
import { RoomSession } from './session/RoomSession.js';
import { createAppStore } from './store/appStore.js';
import { loadDisplayName } from './store/displayNameStorage.js';
import './styles.css';

const store = createAppStore(loadDisplayName());
const session = new RoomSession(store);
installDiagnostics(window, session);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ServicesProvider services={{ store, session }}>
      <App />
    </ServicesProvider>
  </StrictMode>,
);
