import { Badge, Progress, Stack, Text } from '@mantine/core';
import { downloadState } from './templateStatus';
import { unreachableSource } from './retryDownload';

/** A template's status in a zone: Ready, a progress bar with the percent, or the error that says why. */
export function TemplateStatus({ status, isready, name }: { status?: string; isready?: boolean; name: string }) {
  const s = downloadState({ status, isready });
  if (s.kind === 'ready') return <Badge color="green" variant="light">Ready</Badge>;
  if (s.kind === 'failed') {
    return (
      <Stack gap={2} maw={360}>
        <Text size="sm" c="red" role="status">{s.text}</Text>
        {unreachableSource(status) && (
          <Text size="xs" c="dimmed">
            The secondary storage VM could not reach that server. If the cloud cannot reach the Internet, put the file on a web server
            inside it and register it from there: Edit URL says how.
          </Text>
        )}
      </Stack>
    );
  }
  if (s.kind === 'downloading') {
    return (
      <Stack gap={4} miw={160}>
        <Text size="sm" role="status">{s.text}</Text>
        <Progress value={s.percent ?? 0} animated={s.percent === undefined} aria-label={`Download of ${name}`} size="sm" />
      </Stack>
    );
  }
  return <Text size="sm">{s.text}</Text>;
}
