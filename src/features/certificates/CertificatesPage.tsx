import { List, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

/** The certificates screen is still to be built; this page says what it will hold. */
export function CertificatesPage() {
  useDocumentTitle('Certificates · CloudStack System VMs');
  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>Certificates</Title>
      <Text>
        This screen will upload the console proxy’s SSL certificate with uploadCustomCertificate, in the order
        CloudStack needs it:
      </Text>
      <List type="ordered" spacing="xs">
        <List.Item>the root certificate, then each intermediate certificate, each in its own call;</List.Item>
        <List.Item>the server certificate with its PKCS#8 private key and the domain suffix.</List.Item>
      </List>
      <Text c="dimmed" size="sm">
        After the upload the console proxies and secondary storage VMs restart; the screen will ask first and show the
        roll-out’s progress.
      </Text>
    </Stack>
  );
}
