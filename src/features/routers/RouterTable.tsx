import { memo, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Checkbox, Text, UnstyledButton } from '@mantine/core';
import type { Router } from '../../api/schemas';
import { STATE_COLORS } from '../../components/StateBadge';
import { COLUMN_BY_ID, type Column, type ColumnId } from './columns';
import type { Sort } from './filtering';
import type { HostIndex } from './hostIndex';
import classes from './RouterTable.module.css';

export const ROW_HEIGHT = 38;
/** The Action column, right after the name: a row's Upgrade is in view at any window width. */
const ACTION_WIDTH = 104;

export interface RouterTableProps {
  routers: readonly Router[];
  columns: readonly ColumnId[];
  hosts: HostIndex;
  sort: Sort;
  onSort(key: ColumnId): void;
  selected: ReadonlySet<string>;
  onSelect(ids: readonly string[], on: boolean): void;
  onOpen(id: string): void;
  onUpgrade(router: Router): void;
  /** True while an upgrade of this router is queued or running. */
  isUpgrading(id: string): boolean;
  /** Each column's width in pixels (see columnWidths); a column without one takes its default width. */
  widths?: ReadonlyMap<ColumnId, number>;
}

/**
 * A badge as Mantine's light Badge draws it, as one plain span: a row mounts on every few scrolled pixels, and a
 * Mantine Badge (a component with its styles API) costs several times more to mount.
 */
function RowBadge({ color, small, children }: { color: string; small?: boolean; children: string }) {
  return (
    <span
      className={small ? `${classes.badge} ${classes.small}` : classes.badge}
      style={{ ['--row-badge-bg' as string]: `var(--mantine-color-${color}-light)`, ['--row-badge-color' as string]: `var(--mantine-color-${color}-light-color)` }}
    >
      {children}
    </span>
  );
}

function Cell({ column, router, hosts, onOpen }: { column: Column; router: Router; hosts: HostIndex; onOpen(id: string): void }) {
  switch (column.id) {
    case 'name':
      return (
        <UnstyledButton className={classes.name} onClick={() => onOpen(router.id)} aria-label={`Details of ${router.name}`}>
          {router.name}
        </UnstyledButton>
      );
    case 'state':
      return router.state ? <RowBadge color={STATE_COLORS[router.state] ?? 'gray'}>{router.state}</RowBadge> : null;
    case 'upgrade':
      return router.requiresupgrade ? <RowBadge color="orange" small>
          Requires upgrade
        </RowBadge> : null;
    default: {
      const text = column.text(router, hosts);
      return <span title={text}>{text}</span>;
    }
  }
}

const Row = memo(function Row(props: {
  router: Router;
  columns: readonly Column[];
  hosts: HostIndex;
  index: number;
  start: number;
  selected: boolean;
  upgrading: boolean;
  onSelect(ids: readonly string[], on: boolean): void;
  onOpen(id: string): void;
  onUpgrade(router: Router): void;
}) {
  const { router, columns, hosts, index, start, selected, upgrading } = props;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={classes.row}
      data-selected={selected || undefined}
      data-testid="router-row"
      data-router-id={router.id}
      style={{ transform: `translateY(${start}px)` }}
    >
      <div role="cell" className={classes.cell}>
        {/* Plain elements in rows: thousands of rows scroll past, and each must mount cheaply. */}
        <input
          type="checkbox"
          className={classes.check}
          checked={selected}
          onChange={(e) => props.onSelect([router.id], e.currentTarget.checked)}
          aria-label={`Select ${router.name}`}
        />
      </div>
      {columns.slice(0, 1).map((c) => (
        <div role="cell" key={c.id} className={classes.cell} data-column={c.id}>
          <Cell column={c} router={router} hosts={hosts} onOpen={props.onOpen} />
        </div>
      ))}
      {/* The Action column right after the name: a row's Upgrade is in view at any window width, with no pinned
          (sticky) cells, which cost every scrolled frame a repaint. */}
      <div role="cell" className={classes.cell} data-column="action">
        {router.requiresupgrade && (
          <button
            type="button"
            className={classes.upgrade}
            disabled={upgrading}
            onClick={() => props.onUpgrade(router)}
            aria-label={`Upgrade ${router.name}`}
          >
            {upgrading ? 'Upgrading…' : 'Upgrade'}
          </button>
        )}
      </div>
      {columns.slice(1).map((c) => (
        <div role="cell" key={c.id} className={classes.cell} data-column={c.id}>
          <Cell column={c} router={router} hosts={hosts} onOpen={props.onOpen} />
        </div>
      ))}
    </div>
  );
});

/**
 * The router list: a grid with one row per router, of which only the visible ones are in the page. The columns:
 * selection, name, Action, then the others the user chose.
 */
export function RouterTable(props: RouterTableProps) {
  const { routers, hosts, sort, selected } = props;
  // Stable between scroll frames, so that the memoised rows already in view do not render again.
  const columns = useMemo(() => props.columns.map((id) => COLUMN_BY_ID.get(id)!).filter(Boolean), [props.columns]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: routers.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const widthOf = (c: Column) => props.widths?.get(c.id) ?? c.width;
  const template = `40px ${columns.map((c, i) => `${widthOf(c)}px${i === 0 ? ` ${ACTION_WIDTH}px` : ''}`).join(' ')}`;
  const header = (c: Column) => {
    const sorted = sort.key === c.id;
    return (
      <div role="columnheader" key={c.id} className={classes.cell} aria-sort={sorted ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <UnstyledButton className={classes.sort} onClick={() => props.onSort(c.id)}>
          <Text size="sm" fw={600} span>
            {c.label}
          </Text>
          <span aria-hidden>{sorted ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
        </UnstyledButton>
      </div>
    );
  };
  const width = 40 + ACTION_WIDTH + columns.reduce((n, c) => n + widthOf(c), 0);
  const allSelected = routers.length > 0 && routers.every((r) => selected.has(r.id));
  const someSelected = !allSelected && routers.some((r) => selected.has(r.id));

  return (
    <div
      ref={scrollRef}
      className={classes.scroller}
      role="table"
      aria-label="Virtual routers"
      aria-rowcount={routers.length + 1}
      data-testid="router-table"
      tabIndex={0}
    >
      <div style={{ width, ['--router-grid' as string]: template }}>
        <div role="row" aria-rowindex={1} className={classes.header}>
          <div role="columnheader" className={classes.cell}>
            <Checkbox
              size="xs"
              checked={allSelected}
              indeterminate={someSelected}
              onChange={(e) => props.onSelect(routers.map((r) => r.id), e.currentTarget.checked)}
              aria-label="Select all routers listed"
            />
          </div>
          {columns.slice(0, 1).map(header)}
          <div role="columnheader" className={classes.cell}>
            <Text size="sm" fw={600} span>
              Action
            </Text>
          </div>
          {columns.slice(1).map(header)}
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = routers[item.index]!;
            return (
              <Row
                key={r.id}
                router={r}
                columns={columns}
                hosts={hosts}
                index={item.index}
                start={item.start}
                selected={selected.has(r.id)}
                upgrading={props.isUpgrading(r.id)}
                onSelect={props.onSelect}
                onOpen={props.onOpen}
                onUpgrade={props.onUpgrade}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

let canvas: CanvasRenderingContext2D | null | undefined;
let fonts: { regular: string; bold: string } | undefined;

/**
 * A text's width in pixels in the grid's font (Mantine's body font at font-size sm, bold for headers), measured
 * on a canvas; an estimate (8 px a character) where no canvas is available.
 */
export function measureCellText(text: string, bold: boolean): number {
  if (canvas === undefined) canvas = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!canvas) return text.length * 8;
  if (!fonts) {
    const family = getComputedStyle(document.body).fontFamily;
    const size = parseFloat(getComputedStyle(document.documentElement).fontSize || '16') * 0.875;
    fonts = { regular: `400 ${size}px ${family}`, bold: `600 ${size}px ${family}` };
  }
  const font = bold ? fonts.bold : fonts.regular;
  if (canvas.font !== font) canvas.font = font;
  return canvas.measureText(text).width;
}
