import { ActionIcon, Code, CopyButton, Group, List, Stack, Text, Tooltip } from '@mantine/core';
import type { Problem } from '../problems';

/** The problems of a field: what is wrong and what to do, with any commands as copyable code. */
export function ProblemList({ problems, id }: { problems: readonly Problem[]; id?: string }) {
  if (problems.length === 0) return null;
  return (
    <List id={id} spacing={4} size="sm" listStyleType="none" ml={0} pl={0}>
      {problems.map((p, i) => (
        <List.Item key={i}>
          <Stack gap={4}>
            {/* The theme's -text shades read at 4.5:1 or more in both colour schemes. */}
            <Text size="sm" c={p.level === 'error' ? 'var(--mantine-color-red-text)' : 'var(--mantine-color-orange-text)'} data-level={p.level}>
              {p.level === 'warning' ? 'Note: ' : ''}
              {p.text}
            </Text>
            {p.commands?.map((command) => (
              <Group key={command} gap={4} wrap="nowrap">
                <Code block c="var(--mantine-color-text)" style={{ flex: 1 }}>
                  {command}
                </Code>
                <CopyButton value={command}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? 'Copied' : 'Copy the command'}>
                      <ActionIcon variant="subtle" onClick={copy} aria-label={`Copy the command ${command}`}>
                        {copied ? '✓' : '⧉'}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
            ))}
          </Stack>
        </List.Item>
      ))}
    </List>
  );
}
