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
  /** Why the caller may not upgrade routers (upgradeRouterTemplate is not among its APIs); undefined when it may. */
  upgradeBlocked?: string;
  /** Each column's width in pixels (see columnWidths); a column without one takes its default width. */
  widths?: ReadonlyMap<ColumnId, number>;
}

/**
 * A cell's content. Rows are plain elements, as few as possible (one element for a text cell, its text and title
 * on the cell itself): a row mounts on every few scrolled pixels, and each element costs its creation, style and
 * layout. Badges are one span coloured by a data attribute (see .badge in RouterTable.module.css), as Mantine's
 * light Badge draws them.
 */
function Cell({ column, router, hosts, onOpen }: { column: Column; router: Router; hosts: HostIndex; onOpen(id: string): void }) {
  switch (column.id) {
    case 'name':
      return (
        <div role="cell" className={classes.cell} data-column="name">
          <button type="button" className={classes.name} onClick={() => onOpen(router.id)} aria-label={`Details of ${router.name}`}>
            {router.name}
          </button>
        </div>
      );
    case 'state':
      return (
        <div role="cell" className={classes.cell} data-column="state">
          {router.state ? (
            <span className={classes.badge} data-color={STATE_COLORS[router.state] ?? 'gray'}>
              {router.state}
            </span>
          ) : null}
        </div>
      );
    case 'upgrade':
      return (
        <div role="cell" className={classes.cell} data-column="upgrade">
          {router.requiresupgrade ? (
            <span className={`${classes.badge} ${classes.small}`} data-color="orange">
              Requires upgrade
            </span>
          ) : null}
        </div>
      );
    default: {
      const text = column.text(router, hosts);
      return (
        <div role="cell" className={classes.cell} data-column={column.id} title={text || undefined}>
          {text}
        </div>
      );
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
  upgradeBlocked?: string;
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
      style={{ top: start }}
    >
      <div role="cell" className={classes.cell}>
        <input
          type="checkbox"
          className={classes.check}
          checked={selected}
          onChange={(e) => props.onSelect([router.id], e.currentTarget.checked)}
          aria-label={`Select ${router.name}`}
        />
      </div>
      {columns.slice(0, 1).map((c) => (
        <Cell key={c.id} column={c} router={router} hosts={hosts} onOpen={props.onOpen} />
      ))}
      {/* The Action column right after the name: a row's Upgrade is in view at any window width, with no pinned
          (sticky) cells, which cost every scrolled frame a repaint. */}
      <div role="cell" className={classes.cell} data-column="action">
        {router.requiresupgrade && (
          <button
            type="button"
            className={classes.upgrade}
            disabled={upgrading || props.upgradeBlocked !== undefined}
            title={props.upgradeBlocked}
            onClick={() => props.onUpgrade(router)}
            aria-label={`Upgrade ${router.name}`}
          >
            {upgrading ? 'Upgrading…' : 'Upgrade'}
          </button>
        )}
      </div>
      {columns.slice(1).map((c) => (
        <Cell key={c.id} column={c} router={router} hosts={hosts} onOpen={props.onOpen} />
      ))}
    </div>
  );
});

/**
 * The header row: rendered again only when the columns, the sort or the selection's state change, not on every
 * scrolled frame (its Mantine checkbox and sort buttons cost more than a row).
 */
const HeaderRow = memo(function HeaderRow(props: {
  routers: readonly Router[];
  columns: readonly Column[];
  sort: Sort;
  onSort(key: ColumnId): void;
  selection: 'none' | 'some' | 'all';
  onSelect(ids: readonly string[], on: boolean): void;
}) {
  const { routers, columns, sort, onSort, selection, onSelect } = props;
  const header = (c: Column) => {
    const sorted = sort.key === c.id;
    return (
      <div role="columnheader" key={c.id} className={classes.cell} aria-sort={sorted ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <UnstyledButton className={classes.sort} onClick={() => onSort(c.id)}>
          <Text size="sm" fw={600} span>
            {c.label}
          </Text>
          <span aria-hidden>{sorted ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
        </UnstyledButton>
      </div>
    );
  };
  return (
    <div role="row" aria-rowindex={1} className={classes.header}>
      <div role="columnheader" className={classes.cell}>
        <Checkbox
          size="xs"
          checked={selection === 'all'}
          indeterminate={selection === 'some'}
          onChange={(e) => onSelect(routers.map((r) => r.id), e.currentTarget.checked)}
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
  );
});

/** Whether none, some or all of the routers listed are selected: one pass, and none at all without a selection. */
function selectionOf(routers: readonly Router[], selected: ReadonlySet<string>): 'none' | 'some' | 'all' {
  if (selected.size === 0 || routers.length === 0) return 'none';
  let n = 0;
  for (const r of routers) if (selected.has(r.id)) n += 1;
  return n === 0 ? 'none' : n === routers.length ? 'all' : 'some';
}

/**
 * The router list: a grid with one row per router, of which only the visible ones are in the page. The columns:
 * selection, name, Action, then the others the user chose. A scrolled frame renders this component (the
 * virtualizer's range) and mounts the rows that came into view; the rows already there and the header do not
 * render again.
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
    // Rows drawn beyond each edge: a fast wheel moves about three rows a frame, so eight cover a frame's move
    // while keeping the rows in the page (and their layout and paint) few.
    overscan: 8,
  });
  const { widths } = props;
  const { template, width } = useMemo(() => {
    const widthOf = (c: Column) => widths?.get(c.id) ?? c.width;
    return {
      template: `40px ${columns.map((c, i) => `${widthOf(c)}px${i === 0 ? ` ${ACTION_WIDTH}px` : ''}`).join(' ')}`,
      width: 40 + ACTION_WIDTH + columns.reduce((n, c) => n + widthOf(c), 0),
    };
  }, [columns, widths]);
  const selection = useMemo(() => selectionOf(routers, selected), [routers, selected]);

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
      <div style={{ width, ['--router-grid' as string]: template, ['--router-row-width' as string]: `${width}px` }}>
        <HeaderRow routers={routers} columns={columns} sort={sort} onSort={props.onSort} selection={selection} onSelect={props.onSelect} />
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
                upgradeBlocked={props.upgradeBlocked}
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
