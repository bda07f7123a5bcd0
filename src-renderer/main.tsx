import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api/connect-api';
import { App } from './components/app';
import { WorkbenchContext } from './components/workbench-context';
import { createWorkbench } from './state/workbench';
import './styles/theme.css';
import './styles/layout.css';
import './styles/panels.css';

const { api, transport } = connectApi();
const workbench = createWorkbench(api, transport);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkbenchContext.Provider value={workbench}>
      <App />
    </WorkbenchContext.Provider>
  </StrictMode>,
);
