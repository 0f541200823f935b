import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { LoginPage } from '../features/auth/LoginPage';
import { RequireAuth } from '../features/auth/RequireAuth';
import { PageLoader } from '../components/PageLoader';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPage } from './RouteErrorPage';

/*
 * The initial JavaScript is the shell, the login page and the dashboard; every other screen is a chunk
 * of its own, loaded when its route is first matched (react-router's `lazy`: the navigation waits for
 * it, a failed load shows the route's error page with Reload). Each function imports one screen.
 */
type Lazy = NonNullable<RouteObject['lazy']>;

const routers: Lazy = () => import('../features/routers/RoutersPage').then((m) => ({ Component: m.RoutersPage }));
const systemVms: Lazy = () => import('../features/systemvms/SystemVmsPage').then((m) => ({ Component: m.SystemVmsPage }));
// An element rather than a component, so that the zone routes render the same component type and a
// change of zone keeps the page's state, as before.
const globalSettings: Lazy = () => import('../features/settings/SettingsPage').then((m) => ({ element: <m.SettingsPage scope="global" /> }));
const zoneSettings: Lazy = () => import('../features/settings/SettingsPage').then((m) => ({ element: <m.SettingsPage scope="zone" /> }));
const templates: Lazy = () => import('../features/templates/TemplatesPage').then((m) => ({ Component: m.TemplatesPage }));
const certificates: Lazy = () => import('../features/certificates/CertificatesPage').then((m) => ({ Component: m.CertificatesPage }));
const events: Lazy = () => import('../features/events/EventsPage').then((m) => ({ Component: m.EventsPage }));
const alerts: Lazy = () => import('../features/alerts/AlertsPage').then((m) => ({ Component: m.AlertsPage }));
const offerings: Lazy = () => import('../features/offerings/OfferingsPage').then((m) => ({ Component: m.OfferingsPage }));
const instances: Lazy = () => import('../features/instances/InstancesPage').then((m) => ({ Component: m.InstancesPage }));
const plans: Lazy = () => import('../features/plans/PlansPage').then((m) => ({ Component: m.PlansPage }));
const consoleWindow: Lazy = () => import('../features/console/ConsoleWindowPage').then((m) => ({ Component: m.ConsoleWindowPage }));

/**
 * While the first screen of a visit (a deep link) loads: react-router renders the nearest fallback above
 * the lazy route, here in the frame's main area (or in place of the console window).
 */
const firstLoad = <PageLoader label="Loading the page…" />;

export function createAppRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
    {
      element: <RequireAuth />,
      errorElement: <RouteErrorPage />,
      children: [
        // A VM's console fills a window of its own, without the app's frame.
        { path: 'console/:vmId', lazy: consoleWindow, errorElement: <RouteErrorPage />, hydrateFallbackElement: firstLoad },
        {
          element: <AppLayout />,
          children: [
            {
              errorElement: <RouteErrorPage />,
              // A deep link's screen loads inside the frame, which shows at once.
              hydrateFallbackElement: firstLoad,
              children: [
                { index: true, element: <DashboardPage /> },
                { path: 'routers', lazy: routers },
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
