import { List, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

/** The settings screen is still to be built; this page says what it will hold. */
export function SettingsPage() {
  useDocumentTitle('Settings · CloudStack System VMs');
  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>Settings</Title>
      <Text>
        This screen will show and change the global and zone-scoped settings that govern system VMs, read with
        listConfigurations and saved with updateConfiguration:
      </Text>
      <List spacing="xs">
        <List.Item>the router template of each hypervisor (router.template.kvm, .xenserver, .vmware, …) per zone;</List.Item>
        <List.Item>router.version.check, router.stats.interval and the router health checks;</List.Item>
        <List.Item>the console proxy’s capacity and reporting (consoleproxy.session.max, consoleproxy.loadscan.interval);</List.Item>
        <List.Item>the secondary storage VM’s capacity and MTU.</List.Item>
      </List>
      <Text c="dimmed" size="sm">
        Settings that are not dynamic take effect after the management server restarts; the screen will say so.
      </Text>
    </Stack>
  );
}
