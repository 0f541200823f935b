import { Center, Loader, Text, Stack } from '@mantine/core';

/** A centred loader with a visible, readable label. */
export function PageLoader({ label }: { label: string }) {
  return (
    <Center py="xl">
      <Stack align="center" gap="xs">
        <Loader aria-hidden />
        <Text c="dimmed" role="status">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}
