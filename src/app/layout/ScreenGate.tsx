import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { FirstViewGone } from '../../components/FirstViewGone';
import { PageLoader } from '../../components/PageLoader';
import { allowed, itemFor, landingPath } from './navItems';
import { usePermissions } from './usePermissions';

/**
 * Shows a screen only to a caller whose role may call what it needs (listApis): a deep link to a screen
 * the role may not use says so, instead of a page of "command not available" errors. "/" is the landing:
 * the dashboard for who may call what it shows, else the first screen the caller may use.
 */
export function ScreenGate({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const permissions = usePermissions();
  const item = itemFor(pathname);
  if (!item) return <>{children}</>;
  if (!permissions.known) return <PageLoader label="Loading what your role may do…" />;
  if (allowed(item, permissions)) return <>{children}</>;
  if (item.to === '/') return <Navigate to={landingPath(permissions)} replace />;
  const missing = item.requires.filter((c) => !permissions.can(c));
  return (
    <Stack gap="md">
      <FirstViewGone />
      <Title order={1}>{item.label}</Title>
      <Alert color="yellow" variant="light" title="Not available to your role" role="status">
        <Text size="sm">
          {missing.length > 0
            ? `This screen needs ${missing.join(', ')}, which your role may not call (listApis does not list ${missing.length === 1 ? 'it' : 'them'}).`
            : 'This screen lists objects of every account, which CloudStack allows to administrators only.'}
        </Text>
        <Anchor component={Link} to={landingPath(permissions)} size="sm">
          Go to your start page
        </Anchor>
      </Alert>
    </Stack>
  );
}
