import type { ReactNode } from 'react';
import { Table, VisuallyHidden } from '@mantine/core';

/**
 * The actions column stays in view at any width: pinned to the right edge of the scrolling table
 * (Table.ScrollContainer), on the page's background, with a line that shows where the scrolled columns pass
 * under it.
 */
const PINNED = {
  position: 'sticky',
  right: 0,
  zIndex: 1,
  background: 'var(--mantine-color-body)',
  boxShadow: 'inset 1px 0 0 var(--mantine-color-default-border)',
} as const;

/**
 * The head of a table whose last column holds a row's actions: one column header per name in `columns`, then
 * the pinned "Actions" header (read by screen readers only when `actionsLabelHidden`, for a column of icons).
 */
export function PinnedActionsHead({ columns, actionsLabelHidden = false }: { columns: readonly string[]; actionsLabelHidden?: boolean }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((name) => (
          <Table.Th key={name} scope="col">{name}</Table.Th>
        ))}
        <Table.Th scope="col" style={PINNED}>{actionsLabelHidden ? <VisuallyHidden>Actions</VisuallyHidden> : 'Actions'}</Table.Th>
      </Table.Tr>
    </Table.Thead>
  );
}

/** A row's actions cell, pinned as its header (PinnedActionsHead). */
export function PinnedActionsCell({ children }: { children: ReactNode }) {
  return <Table.Td style={PINNED}>{children}</Table.Td>;
}
