import { Alert, Button, Group, Text } from '@mantine/core';
import { CloudStackError } from '../api/errors';

/** The text to show for an error: CloudStack's errortext, or the message of anything else. */
export function errorText(error: unknown): string {
  if (error instanceof CloudStackError) return error.errortext;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export interface QueryErrorProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  retrying?: boolean;
}

/** An error from the API, shown as an alert with CloudStack's errortext and a Retry button. */
export function QueryError({ error, title = 'Could not load this data', onRetry, retrying = false }: QueryErrorProps) {
  const code = error instanceof CloudStackError && error.errorcode !== 0 ? error.errorcode : undefined;
  return (
    <Alert color="red" variant="light" title={title}>
      <Text size="sm">{errorText(error)}</Text>
      {code !== undefined && (
        <Text size="xs" c="dimmed" mt={4}>
          Error code {code}
        </Text>
      )}
      {onRetry && (
        <Group mt="sm">
          <Button size="xs" variant="outline" color="red" onClick={onRetry} loading={retrying}>
            Retry
          </Button>
        </Group>
      )}
    </Alert>
  );
}
