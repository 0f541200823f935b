import './styles/shell';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { sessionQueryOptions } from '../api/queries/useCurrentUser';
import { AppProviders } from './providers';
import { createQueryClient } from './queryClient';
import { createAppRouter } from './router';

// One query cache for the app, made before the first render: the session check starts now, while the first
// screen's code is still arriving, rather than after React has rendered.
const queryClient = createQueryClient();
void queryClient.prefetchQuery(sessionQueryOptions);
const router = createAppRouter(queryClient);

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks <div id="root">.');

createRoot(container).render(
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
