import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import type { QueryClient } from '@tanstack/react-query';
import { sessionQueryOptions } from '../api/queries/useCurrentUser';
import { apisQueryOptions } from '../api/queries/useApis';
import { LoginPage } from '../features/auth/LoginPage';
import { RequireAuth } from '../features/auth/RequireAuth';
import { PageLoader } from '../components/PageLoader';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPage } from './RouteErrorPage';

/*
 * The initial JavaScript and CSS are the shell and the login page; every screen, the dashboard too, is a chunk
 * of its own, loaded when its route is first matched (react-router's `lazy`: the navigation waits for
 * it, a failed load shows the route's error page with Reload). Each function imports one screen, with the
 * styles of the Mantine components the screens use (./styles/screens, one file fetched once).
 */
type Lazy = NonNullable<RouteObject['lazy']>;

/** A screen's module together with the screens' styles. */
function screen<T>(load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), import('./styles/screens')]).then(([m]) => m);
}

const frame: Lazy = () =>
  Promise.all([import('./layout/AppLayout'), import('./styles/frame'), import('./styles/screens')]).then(([m]) => ({ Component: m.AppLayout }));
const dashboard: Lazy = () => screen(() => import('../features/dashboard/DashboardPage')).then((m) => ({ Component: m.DashboardPage }));
const routers: Lazy = () => screen(() => import('../features/routers/RoutersPage')).then((m) => ({ Component: m.RoutersPage }));
const systemVms: Lazy = () => screen(() => import('../features/systemvms/SystemVmsPage')).then((m) => ({ Component: m.SystemVmsPage }));
// An element rather than a component, so that the zone routes render the same component type and a
// change of zone keeps the page's state, as before.
const globalSettings: Lazy = () => screen(() => import('../features/settings/SettingsPage')).then((m) => ({ element: <m.SettingsPage scope="global" /> }));
const zoneSettings: Lazy = () => screen(() => import('../features/settings/SettingsPage')).then((m) => ({ element: <m.SettingsPage scope="zone" /> }));
const templates: Lazy = () => screen(() => import('../features/templates/TemplatesPage')).then((m) => ({ Component: m.TemplatesPage }));
const certificates: Lazy = () => screen(() => import('../features/certificates/CertificatesPage')).then((m) => ({ Component: m.CertificatesPage }));
const events: Lazy = () => screen(() => import('../features/events/EventsPage')).then((m) => ({ Component: m.EventsPage }));
const alerts: Lazy = () => screen(() => import('../features/alerts/AlertsPage')).then((m) => ({ Component: m.AlertsPage }));
const offerings: Lazy = () => screen(() => import('../features/offerings/OfferingsPage')).then((m) => ({ Component: m.OfferingsPage }));
const instances: Lazy = () => screen(() => import('../features/instances/InstancesPage')).then((m) => ({ Component: m.InstancesPage }));
const plans: Lazy = () => screen(() => import('../features/plans/PlansPage')).then((m) => ({ Component: m.PlansPage }));
const consoleWindow: Lazy = () => screen(() => import('../features/console/ConsoleWindowPage')).then((m) => ({ Component: m.ConsoleWindowPage }));

/**
 * The routers screen's data starts while its code is still arriving: once the session and listApis (which the
 * frame waits for) are known, the first page of listRouters is requested into the cache the screen reads
 * (useRouters), for a role that may list routers. The loader itself does not wait for it, so the navigation waits
 * only for the code, as before. Nothing is fetched without a session.
 */
function prefetchRouters(queryClient: QueryClient | undefined): () => null {
  return () => {
    if (!queryClient) return null;
    // The query's code (the progressive list reader) comes with this request, not with the login page.
    const options = import('../api/queries/useRouters').then((m) => m.routersQueryOptions());
    void queryClient
      .fetchQuery(sessionQueryOptions)
      .then(async (user) => {
        // listApis first: the frame shows no screen before it (ScreenGate), and asked only once the frame has
        // rendered it would queue behind the routers' pages (six connections to one host, one server).
        if (!user) return;
        // Only a role that may list routers (listApis names listRouters; not an end user): the call would only
        // answer 432. A failed listApis leaves the screen to ask (useApis: every command allowed then).
        const apis = await queryClient.fetchQuery(apisQueryOptions).catch(() => undefined);
        if (!apis || apis.has('listRouters')) await queryClient.prefetchQuery(await options);
      })
      .catch(() => undefined);
    return null;
  };
}

/**
 * While the first screen of a visit (a deep link) loads: react-router renders the nearest fallback above
 * the lazy route, here in the frame's main area (or in place of the console window).
 */
const firstLoad = <PageLoader label="Loading the page…" />;

/** The app's routes. `queryClient`: the app's cache, so that a route can start its screen's data early. */
export function createAppRouter(queryClient?: QueryClient) {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
    {
      element: <RequireAuth />,
      errorElement: <RouteErrorPage />,
      children: [
        // A VM's console fills a window of its own, without the app's frame.
        { path: 'console/:vmId', lazy: consoleWindow, errorElement: <RouteErrorPage />, hydrateFallbackElement: firstLoad },
        {
          // The frame comes with the first screen after login (it is not part of the login page's load).
          lazy: frame,
          hydrateFallbackElement: firstLoad,
          children: [
            {
              errorElement: <RouteErrorPage />,
              // A deep link's screen loads inside the frame, which shows at once.
              hydrateFallbackElement: firstLoad,
              children: [
                { index: true, lazy: dashboard },
                {
                  path: 'routers',
                  lazy: routers,
                  loader: prefetchRouters(queryClient),
                  // Only on entering the screen: a change of view, sort or filter (the URL's search) runs no loader,
                  // so it neither shows the navigation's progress bar nor asks for the routers again.
                  shouldRevalidate: ({ currentUrl, nextUrl }) => currentUrl.pathname !== nextUrl.pathname,
                },
                { path: 'plans', lazy: plans },
                { path: 'systemvms', lazy: systemVms },
                { path: 'settings', lazy: globalSettings },
                { path: 'settings/zone', lazy: zoneSettings },
                { path: 'settings/zone/:zoneId', lazy: zoneSettings },
                { path: 'templates', lazy: templates },
                { path: 'certificates', lazy: certificates },
                { path: 'events', lazy: events },
                { path: 'alerts', lazy: alerts },
                { path: 'offerings', lazy: offerings },
                { path: 'instances', lazy: instances },
                { path: '*', element: <NotFoundPage /> },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
