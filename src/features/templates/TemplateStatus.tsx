import { Badge, Progress, Stack, Text } from '@mantine/core';
import { downloadState } from './templateStatus';

/** A template's status in a zone: Ready, a progress bar with the percent, or the error that says why. */
export function TemplateStatus({ status, isready, name }: { status?: string; isready?: boolean; name: string }) {
  const s = downloadState({ status, isready });
  if (s.kind === 'ready') return <Badge color="green" variant="light">Ready</Badge>;
  if (s.kind === 'failed') return <Text size="sm" c="red" role="status">{s.text}</Text>;
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
