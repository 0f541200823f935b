import { Link, Outlet, useNavigation } from 'react-router-dom';
import { AppShell, Burger, Group, Progress, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Navigation } from './Navigation';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';
import { AlertsBadge } from '../../features/alerts/AlertsBadge';
import classes from './AppLayout.module.css';
import { useFocusRescue } from './useFocusRescue';
import { ScreenGate } from './ScreenGate';
import { usePermissions } from './usePermissions';

/** The frame of every page after login: header, navigation and the page itself. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  useFocusRescue();
  // A screen's code loads on its first visit (src/app/router.tsx): the navigation waits for it, said here.
  const loading = useNavigation().state === 'loading';
  const { can } = usePermissions();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main-content" className={classes.skipLink}>
        Skip to content
      </a>
      <AppShell.Header>
        {loading && <Progress value={100} animated size={3} radius={0} aria-label="Loading the page" pos="absolute" bottom={0} left={0} right={0} />}
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <UnstyledButton component={Link} to="/" aria-label="CloudStack System VMs, start page">
              <Group gap={8} wrap="nowrap">
                <img src="/favicon.svg" alt="" width={24} height={24} />
                <Text fw={700} size="lg" visibleFrom="xs">
                  CloudStack System VMs
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {can('listAlerts') && <AlertsBadge />}
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <Navigation onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        <ScreenGate>
          <Outlet />
        </ScreenGate>
      </AppShell.Main>
    </AppShell>
  );
}
