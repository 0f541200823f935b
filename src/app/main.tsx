import './styles/shell';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { sessionQueryOptions } from '../api/queries/useCurrentUser';
import { adoptEarlyStart, loadParsers } from '../api/transport';
import { appRendered, dismissFirstView, takeEarlyStart } from '../api/early';
import { AppProviders } from './providers';
import { createQueryClient } from './queryClient';
import { createAppRouter } from './router';

// One query cache for the app, made before the first render: the session check starts now, while the first
// screen's code is still arriving, rather than after React has rendered.
// What the page's first script started before this code arrived (src/api/early.ts: the session check, the route's first
// API calls) goes to the transport, which reads those answers instead of asking again.
adoptEarlyStart(takeEarlyStart());
const queryClient = createQueryClient();
void queryClient.prefetchQuery(sessionQueryOptions);
const router = createAppRouter(queryClient);
// The routers' first view the page may hold (server/http/firstView.ts) gives way to any other screen; the routers
// screen removes it itself once it shows its rows or an error.
router.subscribe((state) => {
  if (state.location.pathname !== '/routers') dismissFirstView();
});

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks <div id="root">.');

// From here on the app draws the page: a routers' first view that has not arrived yet is not drawn over it.
appRendered();
createRoot(container).render(
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);

// The answer parsers (zod and the commands' schemas) are not part of the first load: a session check that finds a
// session loads them at once, and otherwise they come when the browser is idle after the login page has shown,
// before a login is sent. A failure here is retried by the call that needs them.
const whenIdle = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 200));
whenIdle(() => void loadParsers().catch(() => undefined));
