import { useState, type ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { SessionProvider } from '../features/auth/session';
import { createQueryClient } from './queryClient';
import { cssVariablesResolver, theme } from './theme/theme';

/**
 * Theme (light/dark, remembered by Mantine), the query cache and the session, around the whole app.
 * `queryClient`: the app's cache when main.tsx made it already (it starts the session check before rendering);
 * a new one otherwise. The provider writes every theme CSS variable itself (deduplicateCssVariables off), so the
 * first load does without Mantine's static copy of the default ones (default-css-variables.css, 27 KiB).
 */
export function AppProviders({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto" deduplicateCssVariables={false}>
      <QueryClientProvider client={client}>
        <SessionProvider>{children}</SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
