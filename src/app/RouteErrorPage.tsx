import { isRouteErrorResponse, useRouteError } from 'react-router-dom';
import { Alert, Button, Center, Stack, Text } from '@mantine/core';
import { errorText } from '../components/QueryError';
import { FirstViewGone } from '../components/FirstViewGone';
import { CHUNK_LOAD_TEXT, isChunkLoadError } from './chunkError';

/** Shown when a screen throws while rendering: the error, and a way out, never a blank page. */
export function RouteErrorPage() {
  const error = useRouteError();
  const notLoaded = isChunkLoadError(error);
  const text = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : notLoaded ? CHUNK_LOAD_TEXT : errorText(error);
  return (
    <Center p="xl">
      <Stack maw={560}>
        <FirstViewGone />
        <Alert color="red" variant="light" title={notLoaded ? 'This screen did not load' : 'This screen failed'}>
          <Text size="sm">{text}</Text>
        </Alert>
        <Button onClick={() => window.location.reload()} variant="outline">
          Reload the page
        </Button>
        <Button component="a" href="/" variant="subtle">
          Go to the dashboard
        </Button>
      </Stack>
    </Center>
  );
}
