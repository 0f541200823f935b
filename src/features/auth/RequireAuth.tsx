import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { FirstViewGone } from '../../components/FirstViewGone';
import { QueryError } from '../../components/QueryError';
import type { LoginState } from './redirect';
import { useSession } from './session';

/** Renders the protected pages for a logged-in user; sends anybody else to /login, remembering the page. */
export function RequireAuth() {
  const { user, status, error, checking, ended, retry } = useSession();
  const location = useLocation();

  if (user === undefined && status === 'pending') {
    return (
      <Center h="100vh">
        <Stack align="center" gap="xs">
          <Loader aria-label="Checking your session" />
          <Text c="dimmed">Checking your session…</Text>
        </Stack>
      </Center>
    );
  }
  if (user === undefined && status === 'error') {
    return (
      <Center h="100vh" p="md">
        <Stack maw={480}>
          <FirstViewGone />
          <QueryError title="Could not check your session" error={error} onRetry={retry} retrying={checking} />
          <Button component={Link} to="/login" variant="subtle">
            Go to the login page
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!user) {
    const state: LoginState | undefined =
      ended === 'logout'
        ? undefined
        : {
            from: { pathname: location.pathname, search: location.search, hash: location.hash },
            ...(ended === 'expired' ? { reason: 'expired' as const } : {}),
          };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}
