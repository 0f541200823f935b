import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { Router } from '../../api/schemas';
import { dismissFirstView } from '../../api/early';
import { useApis } from '../../api/queries/useApis';
import { useConfiguration } from '../../api/queries/useConfiguration';
import { useHosts } from '../../api/queries/useHosts';
import { useRouters } from '../../api/queries/useRouters';
import { useRouterAction } from '../../api/queries/useRouterMutations';
import { PageLoader } from '../../components/PageLoader';
import { QueryError } from '../../components/QueryError';
import { StaleDataGuard } from '../../components/StaleDataGuard';
import { compareVersions } from '../../lib/version';
import { columnWidths, NO_HOST_LIST, type ColumnId } from './columns';
import { distinct, filterRouters, sortedRouters, type RouterFilters } from './filtering';
import { GROUP_LABELS, groupedRouters, groupKeyOf, type GroupBy, type GroupSortKey, type RouterGroup } from './grouping';
import { GroupTable } from './GroupTable';
import { indexHosts } from './hostIndex';
import { FrozenNetworks } from './FrozenNetworks';
import { countByNetwork, frozenNetworkCount, networkKeyOf } from './routerActions';
import { measureCellText, RouterTable } from './RouterTable';
import { RoutersToolbar } from './RoutersToolbar';
import { PlanUpgradeButton } from '../plans/PlanUpgradeButton';
import type { UpgradeRequest } from './UpgradeConfirmModal';
import { UpgradeProgressPanel } from './UpgradeProgressPanel';
import { encodeViewState, parseViewState, type RoutersViewState, type View } from './urlState';
import { useStartUpgradePlan, useUpgradeTracker } from './useUpgradeTracker';
import { count } from '../../lib/plural';
import { useSession } from '../auth/session';

/*
 * The side panel and the upgrade confirmation are not needed for the first rows: their code (the panel brings
 * diagnostics, statistics, offerings and the console button) loads once the list is read, or at once when a
 * link opens a router.
 */
const loadDrawer = () => import('./RouterDrawer').then((m) => ({ default: m.RouterDrawer }));
const loadConfirm = () => import('./UpgradeConfirmModal').then((m) => ({ default: m.UpgradeConfirmModal }));
const RouterDrawer = lazy(loadDrawer);
const UpgradeConfirmModal = lazy(loadConfirm);

interface PendingUpgrade {
  request: UpgradeRequest;
  /** The routers the one-click upgrade plan takes: the Running outdated ones. */
  scopes: { id: string }[];
}

/**
 * router.version.check as listConfigurations shows it to the root admin; CloudStack's default (true) for
 * a caller who may not read it (listConfigurations not among its APIs: not asked). CloudStack has no
 * capability that tells.
 */
function useVersionCheck(mayRead: boolean): boolean {
  const setting = useConfiguration('router.version.check', { enabled: mayRead });
  return setting.data?.value == null ? true : setting.data.value === 'true';
}

/**
 * Why the Cluster grouping and column are empty for a role that may not call listHosts: listRouters gives a
 * router's host but not its cluster (DomainRouterResponse has no cluster field), which only the host tells.
 */

/** What upgradeRouterTemplate will do with routers: reboot the Running outdated ones, skip the others. */
function upgradeSplit(routers: readonly Router[]): { running: Router[]; stopped: Router[] } {
  const stale = routers.filter((r) => r.requiresupgrade);
  return { running: stale.filter((r) => r.state === 'Running'), stopped: stale.filter((r) => r.state !== 'Running') };
}

/** The value first seen with this key, as long as the key stays the same. */
function useStable<T>(value: T, key: string): T {
  // Kept from an earlier render (state set while rendering, only when the key changes).
  const [kept, setKept] = useState({ key, value });
  if (kept.key === key) return kept.value;
  setKept({ key, value });
  return value;
}

function filtersActive(f: RouterFilters, search: string): boolean {
  return f.state.length + f.type.length + f.version.length + f.hypervisor.length > 0 || f.upgrade !== undefined || search.trim() !== '';
}

/** "7,500 of 10,000 read": the counts beside it are not final until the last page of routers is in. */
function ReadProgress({ text }: { text: string }) {
  return (
    <Text span size="sm" fw={600} c="blue" data-testid="read-progress">
      {` · still reading: ${text}`}
    </Text>
  );
}

/** Infrastructure › Virtual routers: the list, grouped views, upgrades with live progress, and router details. */
export function RoutersPage() {
  useDocumentTitle('Virtual routers · CloudStack System VMs');
  const [params, setParams] = useSearchParams();
  const parsed = useMemo(() => parseViewState(params), [params]);
  // The URL is parsed again on every change; the parts that did not change keep their identity, so that a
  // switch of view neither sorts, filters nor measures 10,000 routers again, nor renders every row again.
  const sort = useStable(parsed.sort, `${parsed.sort.desc ? '-' : ''}${parsed.sort.key}`);
  const filters = useStable(parsed.filters, JSON.stringify(parsed.filters));
  const columns = useStable(parsed.columns, parsed.columns.join(','));
  const groupSort = useStable(parsed.groupSort, `${parsed.groupSort.desc ? '-' : ''}${parsed.groupSort.key}`);
  const state = useMemo(() => ({ ...parsed, sort, filters, columns, groupSort }), [parsed, sort, filters, columns, groupSort]);
  // react-router's setParams changes with every URL; `update` stays the same function, so that the toolbar and
  // the rows (memoised) do not render again on a change of view.
  const setParamsRef = useRef(setParams);
  useLayoutEffect(() => {
    setParamsRef.current = setParams;
  }, [setParams]);
  const update = useCallback(
    (patch: Partial<RoutersViewState>, replace = false, flushSync = false) =>
      setParamsRef.current((prev) => encodeViewState({ ...parseViewState(prev), ...patch }), { replace, flushSync }),
    [],
  );
  // A change of view renders at once (react-router's flushSync) rather than as an interruptible transition: it is
  // one click, and the rows or groups it shows are counted already (groupedRouters).
  const onView = useCallback((v: View) => update({ view: v, group: undefined }, false, true), [update]);
  const onSearch = useCallback((q: string) => update({ search: q }, true), [update]);
  const onFilters = useCallback((f: RouterFilters) => update({ filters: f }, true), [update]);
  const onColumns = useCallback((c: ColumnId[]) => update({ columns: c }, true), [update]);

  // What the caller's role may call (listApis). UpgradeRouterTemplateCmd is authorized for RoleType.Admin only,
  // and every Upgrade here goes through the plan API, which answers 403 to any caller but a root admin (type 1).
  const { can } = useApis();
  const { user } = useSession();
  const rootAdmin = user?.type === '1';
  const upgradeBlocked = rootAdmin && can('upgradeRouterTemplate') ? undefined : 'Upgrading routers is for root admins';
  const mayListHosts = can('listHosts');
  const routers = useRouters();
  const hosts = useHosts({}, { enabled: mayListHosts });
  const versionCheck = useVersionCheck(can('listConfigurations'));
  const tracker = useUpgradeTracker({ enabled: rootAdmin });
  const upgrade = useStartUpgradePlan();
  const startRouter = useRouterAction();
  const [pendingUpgrade, setPendingUpgrade] = useState<PendingUpgrade | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // Opening a group replaces the button that opened it: the focus moves to the group's heading.
  const groupHeading = useRef<HTMLHeadingElement>(null);
  const [focusGroup, setFocusGroup] = useState(false);
  useEffect(() => {
    if (focusGroup && state.group && groupHeading.current) {
      groupHeading.current.focus();
      setFocusGroup(false);
    }
  }, [focusGroup, state.group]);

  // The page's first view of these routers (server/http/firstView.ts) gives way once this screen shows them or an
  // error: in the same frame, so neither both nor neither is seen.
  useLayoutEffect(() => {
    if (!routers.isPending) dismissFirstView();
  }, [routers.isPending]);
  const all = routers.data;
  const complete = routers.complete;
  const hostIndex = useMemo(() => indexHosts(hosts.data ?? []), [hosts.data]);
  const search = useDeferredValue(state.search);
  const view = state.view;
  // Sorted once per data set and sort (sortedRouters remembers it); filters, search and groups keep that order.
  const sortedAll = useMemo(() => sortedRouters(all ?? [], state.sort, hostIndex), [all, state.sort, hostIndex]);
  const filtered = useMemo(() => filterRouters(sortedAll, state.filters, search), [sortedAll, state.filters, search]);
  // Column widths from the first page, then once more from the whole list (not again for every page read).
  const [widthBasis, setWidthBasis] = useState<readonly Router[] | undefined>(undefined);
  const basis = all && (complete || !widthBasis) ? all : widthBasis;
  if (basis !== widthBasis) setWidthBasis(basis);
  const widths = useMemo(() => columnWidths(basis ?? [], state.columns, hostIndex, measureCellText), [basis, state.columns, hostIndex]);
  // Groups are counted once per list and grouping (groupedRouters remembers them): a switch back to a grouping
  // counts nothing again. Without filters or search the filtered list holds every router: its groups are the whole ones.
  const groups = useMemo(() => (view === 'all' ? [] : groupedRouters(filtered, view, hostIndex)), [filtered, view, hostIndex]);
  const wholeGroups = useMemo(() => {
    if (view === 'all') return new Map<string, RouterGroup>();
    const whole = all && filtered.length !== all.length ? groupedRouters(all, view, hostIndex) : groups;
    return new Map(whole.map((g) => [g.key, g]));
  }, [all, filtered, groups, view, hostIndex]);
  const listed = useMemo(() => {
    if (view === 'all') return filtered;
    if (!state.group) return [];
    return filtered.filter((r) => groupKeyOf(r, view, hostIndex) === state.group);
  }, [filtered, view, state.group, hostIndex]);
  const routersById = useMemo(() => new Map((all ?? []).map((r) => [r.id, r])), [all]);
  const perNetwork = useMemo(() => countByNetwork(all ?? []), [all]);
  const readChoices = useMemo(
    () => ({
      states: distinct(all ?? [], (r) => r.state),
      versions: distinct(all ?? [], (r) => r.version, (a, b) => compareVersions(b, a)),
      hypervisors: distinct(all ?? [], (r) => r.hypervisor),
    }),
    [all],
  );
  // The same choices keep their identity while pages are read (the toolbar then does not render again).
  const choices = useStable(readChoices, JSON.stringify(readChoices));

  const upgradingRouters = useMemo(
    () => new Set(tracker.lines.filter((l) => l.status === 'queued' || l.status === 'upgrading').map((l) => l.routerid)),
    [tracker.lines],
  );
  const upgradingGroups = useMemo(() => {
    const keys = new Set<string>();
    if (view === 'all') return keys;
    for (const id of upgradingRouters) {
      const r = routersById.get(id);
      if (r) keys.add(groupKeyOf(r, view, hostIndex));
    }
    return keys;
  }, [upgradingRouters, routersById, view, hostIndex]);
  const isUpgrading = useCallback((id: string) => upgradingRouters.has(id), [upgradingRouters]);

  const onSelect = useCallback((ids: readonly string[], on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const openRouter = useCallback((id: string) => update({ router: id }), [update]);
  const onSort = useCallback(
    (key: ColumnId) => update({ sort: { key, desc: state.sort.key === key ? !state.sort.desc : false } }, true),
    [update, state.sort],
  );
  const onGroupSort = useCallback(
    // Counts sort largest first on the first click; names A to Z.
    (key: GroupSortKey) =>
      update({ groupSort: { key, desc: state.groupSort.key === key ? !state.groupSort.desc : key !== 'name' && key !== 'parent' } }, true),
    [update, state.groupSort],
  );
  // Mounted from the first time they are needed (then they stay, so that closing them animates as before).
  const [drawerNeeded, setDrawerNeeded] = useState(false);
  const [confirmNeeded, setConfirmNeeded] = useState(false);
  if (state.router && !drawerNeeded) setDrawerNeeded(true);
  if (pendingUpgrade && !confirmNeeded) setConfirmNeeded(true);
  useEffect(() => {
    if (!complete) return;
    void loadDrawer();
    void loadConfirm();
  }, [complete]);
  const pagesRead = routers.pagesRead;
  const readText = !complete && pagesRead ? `${pagesRead.read.toLocaleString()} of ${pagesRead.total.toLocaleString()} read` : undefined;

  const resetUpgrade = upgrade.reset;
  const askRouterUpgrade = useCallback(
    (r: Router) => {
      resetUpgrade();
      // By id the server takes the router in any state, but the reboot of one that is not Running fails.
      const running = r.state === 'Running';
      setPendingUpgrade({ request: { what: `router ${r.name}`, count: running ? 1 : 0, stopped: running ? [] : [r] }, scopes: running ? [{ id: r.id }] : [] });
    },
    [resetUpgrade],
  );

  const askGroupUpgrade = (g: RouterGroup, by: GroupBy) => {
    const label = GROUP_LABELS[by].one.toLowerCase();
    const members = (all ?? []).filter((r) => groupKeyOf(r, by, hostIndex) === g.key);
    const split = upgradeSplit(members);
    const scopes = split.running.map((r) => ({ id: r.id }));
    upgrade.reset();
    setPendingUpgrade({
      request: {
        what: `${label} ${g.name}${g.parent ? ` (${g.parent})` : ''}`,
        count: split.running.length,
        stopped: split.stopped,
        note: filtersActive(state.filters, state.search)
          ? `Filters and search do not narrow a group's upgrade: every router of this ${label} that requires an upgrade is upgraded.`
          : undefined,
      },
      scopes,
    });
  };

  const selectedStale = [...selected].filter((id) => routersById.get(id)?.requiresupgrade);
  const askSelectedUpgrade = () => {
    upgrade.reset();
    const split = upgradeSplit([...selected].flatMap((id) => routersById.get(id) ?? []));
    setPendingUpgrade({
      request: {
        what: `the ${selected.size.toLocaleString()} selected`,
        count: split.running.length,
        stopped: split.stopped,
        note: selectedStale.length < selected.size ? `${selected.size - selectedStale.length} of the selected routers are up to date and are skipped.` : undefined,
      },
      scopes: split.running.map((r) => ({ id: r.id })),
    });
  };
  const frozenCount = useMemo(() => frozenNetworkCount(all ?? [], versionCheck), [all, versionCheck]);

  const confirmUpgrade = () => {
    if (!pendingUpgrade) return;
    // A plan of one wave that runs now: the server runs it, every admin sees it (useStartUpgradePlan).
    upgrade.mutate({ what: pendingUpgrade.request.what, routerids: pendingUpgrade.scopes.map((s) => s.id) }, {
      onSuccess: () => {
        setPendingUpgrade(null);
        setSelected(new Set());
        setNotice(null);
      },
    });
  };

  const drawerRouter = state.router ? routersById.get(state.router) : undefined;
  const networkKey = drawerRouter ? networkKeyOf(drawerRouter) : undefined;
  const openGroup = view !== 'all' && state.group ? (groups.find((g) => g.key === state.group) ?? wholeGroups.get(state.group)) : undefined;
  const stale = listed.filter((r) => r.requiresupgrade).length;
  const running = listed.filter((r) => r.state === 'Running').length;

  return (
    <Stack gap="md">
      <Title order={1}>Virtual routers</Title>
      <RoutersToolbar
        view={view}
        onView={onView}
        search={state.search}
        onSearch={onSearch}
        filters={state.filters}
        onFilters={onFilters}
        choices={choices}
        columns={state.columns}
        onColumns={onColumns}
      />
      {notice && (
        <Alert color="blue" variant="light" withCloseButton onClose={() => setNotice(null)} closeButtonLabel="Dismiss">
          {notice}
        </Alert>
      )}
      {all && (
        <Group gap="xs">
          <Button
            size="xs"
            variant={state.frozen ? 'filled' : 'light'}
            color="orange"
            aria-pressed={state.frozen !== undefined}
            onClick={() => update({ frozen: state.frozen ? undefined : view === 'all' ? 'account' : view })}
            data-testid="frozen-toggle"
          >
            {`Frozen networks (${frozenCount.toLocaleString()})`}
          </Button>
        </Group>
      )}
      {all && state.frozen && (
        <FrozenNetworks
          routers={all}
          versionCheck={versionCheck}
          by={state.frozen}
          onBy={(by) => update({ frozen: by }, true)}
          hosts={hostIndex}
          onUpgrade={askGroupUpgrade}
          onOpenRouter={openRouter}
          upgrading={new Set()}
          upgradeBlocked={upgradeBlocked}
        />
      )}
      <StaleDataGuard query={routers} what="routers">
      {tracker.visible && (
        <UpgradeProgressPanel
          lines={tracker.lines}
          summary={tracker.summary}
          remainingMs={tracker.remainingMs}
          routersById={routersById}
          onRetryFailed={tracker.retryFailed}
          retrying={tracker.retrying}
          retryError={tracker.retryError}
          plans={tracker.plans}
          onDismiss={tracker.dismiss}
          onOpenRouter={openRouter}
          pollError={tracker.error}
        />
      )}
      {routers.isPending && <PageLoader label="Loading routers…" />}
      {routers.isError && (
        <QueryError title="Could not load the routers" error={routers.error} onRetry={() => void routers.refetch()} retrying={routers.isFetching} />
      )}
      {view === 'cluster' && hosts.isError && (
        <QueryError title="Could not load the hosts, which give each router its cluster" error={hosts.error} onRetry={() => void hosts.refetch()} />
      )}
      {all && view !== 'all' && !state.group && (
        <>
          <Group justify="space-between" align="center">
            <Text size="sm" c="dimmed" data-testid="group-counts">
              {`${count(groups.length, `${GROUP_LABELS[view].one.toLowerCase()} group`)}, ${count(filtered.length, 'router')}`}
              {readText && <ReadProgress text={readText} />}
            </Text>
            <Checkbox
              label={`Only ${GROUP_LABELS[view].one.toLowerCase()}s with routers requiring upgrade`}
              checked={state.groupsRequiringUpgrade}
              onChange={(e) => update({ groupsRequiringUpgrade: e.currentTarget.checked }, true)}
            />
          </Group>
          <Group><PlanUpgradeButton by={view} groups={groups} blocked={upgradeBlocked} /></Group>
          {view === 'cluster' && !mayListHosts ? (
            <Text c="dimmed" data-testid="no-host-list">{NO_HOST_LIST}</Text>
          ) : view === 'cluster' && hosts.isPending ? (
            <PageLoader label="Loading hosts…" />
          ) : (
            <GroupTable
              by={view}
              groups={groups}
              onOpen={(key) => {
                setFocusGroup(true);
                update({ group: key });
              }}
              onUpgrade={(g) => askGroupUpgrade(g, view)}
              upgrading={upgradingGroups}
              sort={state.groupSort}
              onSort={onGroupSort}
              requiringUpgradeOnly={state.groupsRequiringUpgrade}
              countsFinal={complete}
              upgradeBlocked={upgradeBlocked}
            />
          )}
        </>
      )}
      {all && (view === 'all' || state.group) && (
        <>
          {view !== 'all' && state.group && (
            <Group justify="space-between">
              <Group gap="sm">
                <Button variant="subtle" size="compact-sm" onClick={() => update({ group: undefined })}>
                  {`← All ${GROUP_LABELS[view].one.toLowerCase()}s`}
                </Button>
                <Title order={2} size="h3" ref={groupHeading} tabIndex={-1}>
                  {openGroup ? `${GROUP_LABELS[view].one} ${openGroup.name}${openGroup.parent ? ` · ${openGroup.parent}` : ''}` : `${GROUP_LABELS[view].one} not found`}
                </Title>
              </Group>
              {openGroup && (
                <Button
                  color="orange"
                  disabled={(wholeGroups.get(openGroup.key)?.requiringUpgrade ?? 0) === 0 || !complete || upgradeBlocked !== undefined}
                  title={upgradeBlocked ?? (complete ? undefined : 'Available once every router has been read')}
                  loading={upgradingGroups.has(openGroup.key)}
                  onClick={() => askGroupUpgrade(openGroup, view)}
                >
                  {`Upgrade ${GROUP_LABELS[view].one.toLowerCase()}`}
                </Button>
              )}
            </Group>
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed" data-testid="router-counts">
              {`${count(listed.length, 'router')}, ${stale.toLocaleString()} requiring upgrade, ${running.toLocaleString()} running`}
              {readText && <ReadProgress text={readText} />}
            </Text>
            {selected.size > 0 && (
              <Group gap="xs">
                <Text size="sm">{`${selected.size.toLocaleString()} selected`}</Text>
                <Button size="xs" color="orange" disabled={selectedStale.length === 0 || !complete || upgradeBlocked !== undefined}
                  title={upgradeBlocked} onClick={askSelectedUpgrade}>
                  {`Upgrade selected (${selectedStale.length.toLocaleString()})`}
                </Button>
                <Button size="xs" variant="default" onClick={() => setSelected(new Set())}>
                  Clear selection
                </Button>
              </Group>
            )}
          </Group>
          {!mayListHosts && state.columns.includes('cluster') && (
            <Text size="sm" c="dimmed" data-testid="no-host-list">{`Cluster column: ${NO_HOST_LIST}`}</Text>
          )}
          {listed.length === 0 ? (
            <Text c="dimmed">{filtersActive(state.filters, state.search) ? 'No router matches the filters and search.' : 'There are no virtual routers here.'}</Text>
          ) : (
            <RouterTable
              routers={listed}
              widths={widths}
              columns={state.columns}
              hosts={hostIndex}
              sort={state.sort}
              onSort={onSort}
              selected={selected}
              onSelect={onSelect}
              onOpen={openRouter}
              onUpgrade={askRouterUpgrade}
              isUpgrading={isUpgrading}
              upgradeBlocked={upgradeBlocked}
            />
          )}
        </>
      )}
      <Suspense fallback={null}>
        {confirmNeeded && (
          <UpgradeConfirmModal
            request={pendingUpgrade?.request ?? null}
            onCancel={() => setPendingUpgrade(null)}
            onConfirm={confirmUpgrade}
            onStart={(r) => startRouter.mutate({ action: 'start', id: r.id })}
            starting={startRouter.isPending ? startRouter.variables?.id : undefined}
            startError={startRouter.error}
            busy={upgrade.isPending}
            error={upgrade.error}
          />
        )}
      </Suspense>
      <Suspense fallback={state.router ? <PageLoader label="Loading the router's details…" /> : null}>
        {drawerNeeded && (
          <RouterDrawer
            router={drawerRouter}
            routerId={state.router}
            onClose={() => update({ router: undefined })}
            versionCheck={versionCheck}
            routersInNetwork={networkKey ? (perNetwork.get(networkKey) ?? 1) : 1}
            onUpgrade={askRouterUpgrade}
            upgrading={drawerRouter ? upgradingRouters.has(drawerRouter.id) : false}
            upgradeBlocked={upgradeBlocked}
          />
        )}
      </Suspense>
      </StaleDataGuard>
    </Stack>
  );
}
