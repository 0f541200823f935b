import { Link, useLocation } from 'react-router-dom';
import { Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

export function NotFoundPage() {
  useDocumentTitle('Not found · CloudStack System VMs');
  const { pathname } = useLocation();
  return (
    <Stack gap="md" align="flex-start">
      <Title order={1}>Page not found</Title>
      <Text>
        There is no page at <code>{pathname}</code>.
      </Text>
      <Button component={Link} to="/">
        Go to the dashboard
      </Button>
    </Stack>
  );
}
