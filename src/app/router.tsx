import { createBrowserRouter } from 'react-router-dom';
import { CertificatesPage } from '../features/certificates/CertificatesPage';
import { ConsoleWindowPage } from '../features/console/ConsoleWindowPage';
import { InstancesPage } from '../features/instances/InstancesPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { EventsPage } from '../features/events/EventsPage';
import { LoginPage } from '../features/auth/LoginPage';
import { RequireAuth } from '../features/auth/RequireAuth';
import { RoutersPage } from '../features/routers/RoutersPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SystemVmsPage } from '../features/systemvms/SystemVmsPage';
import { TemplatesPage } from '../features/templates/TemplatesPage';
import { OfferingsPage } from '../features/offerings/OfferingsPage';
import { AlertsPage } from '../features/alerts/AlertsPage';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPage } from './RouteErrorPage';

export function createAppRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
    {
      element: <RequireAuth />,
      errorElement: <RouteErrorPage />,
      children: [
        // A VM's console fills a window of its own, without the app's frame.
        { path: 'console/:vmId', element: <ConsoleWindowPage />, errorElement: <RouteErrorPage /> },
        {
          element: <AppLayout />,
          children: [
            {
              errorElement: <RouteErrorPage />,
              children: [
                { index: true, element: <DashboardPage /> },
                { path: 'routers', element: <RoutersPage /> },
                { path: 'systemvms', element: <SystemVmsPage /> },
                { path: 'settings', element: <SettingsPage scope="global" /> },
                { path: 'settings/zone', element: <SettingsPage scope="zone" /> },
                { path: 'settings/zone/:zoneId', element: <SettingsPage scope="zone" /> },
                { path: 'templates', element: <TemplatesPage /> },
                { path: 'certificates', element: <CertificatesPage /> },
                { path: 'events', element: <EventsPage /> },
                { path: 'alerts', element: <AlertsPage /> },
                { path: 'offerings', element: <OfferingsPage /> },
                { path: 'instances', element: <InstancesPage /> },
                { path: '*', element: <NotFoundPage /> },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
