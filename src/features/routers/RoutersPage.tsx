import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { Router } from '../../api/schemas';
import { useConfiguration } from '../../api/queries/useConfiguration';
import { useHosts } from '../../api/queries/useHosts';
import { useRouters } from '../../api/queries/useRouters';
import { useRouterAction, useUpgradeRouters, type UpgradeScopeParams } from '../../api/queries/useRouterMutations';
import { PageLoader } from '../../components/PageLoader';
import { QueryError } from '../../components/QueryError';
import { compareVersions } from '../../lib/version';
import type { ColumnId } from './columns';
import { distinct, filterRouters, sortRouters, type RouterFilters } from './filtering';
import { GROUP_LABELS, groupKeyOf, groupRouters, type GroupBy, type RouterGroup } from './grouping';
import { GroupTable } from './GroupTable';
import { indexHosts } from './hostIndex';
import { FrozenNetworks } from './FrozenNetworks';
import { countByNetwork, frozenNetworks, networkKeyOf } from './routerActions';
import { RouterDrawer } from './RouterDrawer';
import { RouterTable } from './RouterTable';
import { RoutersToolbar } from './RoutersToolbar';
import { UpgradeConfirmModal, type UpgradeRequest } from './UpgradeConfirmModal';
import { failedRouterIds } from './upgradeProgress';
import { UpgradeProgressPanel } from './UpgradeProgressPanel';
import { encodeViewState, parseViewState, type RoutersViewState, type View } from './urlState';
import { useUpgradeTracker } from './useUpgradeTracker';

interface PendingUpgrade {
  request: UpgradeRequest;
  scopes: UpgradeScopeParams[];
}

/**
 * router.version.check as listConfigurations shows it to the root admin; CloudStack's default (true) for
 * a caller who may not read it. CloudStack has no capability that tells.
 */
function useVersionCheck(): boolean {
  const setting = useConfiguration('router.version.check');
  return setting.data?.value == null ? true : setting.data.value === 'true';
}

/** What upgradeRouterTemplate will do with routers: reboot the Running outdated ones, skip the others. */
function upgradeSplit(routers: readonly Router[]): { running: Router[]; stopped: Router[] } {
  const stale = routers.filter((r) => r.requiresupgrade);
  return { running: stale.filter((r) => r.state === 'Running'), stopped: stale.filter((r) => r.state !== 'Running') };
}

function filtersActive(f: RouterFilters, search: string): boolean {
  return f.state.length + f.type.length + f.version.length + f.hypervisor.length > 0 || f.upgrade !== undefined || search.trim() !== '';
}

/** Infrastructure › Virtual routers: the list, grouped views, upgrades with live progress, and router details. */
export function RoutersPage() {
  useDocumentTitle('Virtual routers · CloudStack System VMs');
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseViewState(params), [params]);
  const update = useCallback(
    (patch: Partial<RoutersViewState>, replace = false) =>
      setParams((prev) => encodeViewState({ ...parseViewState(prev), ...patch }), { replace }),
    [setParams],
  );

  const routers = useRouters();
  const hosts = useHosts();
  const versionCheck = useVersionCheck();
  const tracker = useUpgradeTracker();
  const upgrade = useUpgradeRouters();
  const retry = useUpgradeRouters();
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

  const all = routers.data;
  const hostIndex = useMemo(() => indexHosts(hosts.data ?? []), [hosts.data]);
  const search = useDeferredValue(state.search);
  const view = state.view;
  const filtered = useMemo(() => filterRouters(all ?? [], state.filters, search), [all, state.filters, search]);
  const groups = useMemo(() => (view === 'all' ? [] : groupRouters(filtered, view, hostIndex)), [filtered, view, hostIndex]);
  const wholeGroups = useMemo(
    () => new Map(view === 'all' ? [] : groupRouters(all ?? [], view, hostIndex).map((g) => [g.key, g])),
    [all, view, hostIndex],
  );
  const listed = useMemo(() => {
    if (view === 'all') return filtered;
    if (!state.group) return [];
    return filtered.filter((r) => groupKeyOf(r, view, hostIndex) === state.group);
  }, [filtered, view, state.group, hostIndex]);
  const sorted = useMemo(() => sortRouters(listed, state.sort, hostIndex), [listed, state.sort, hostIndex]);
  const routersById = useMemo(() => new Map((all ?? []).map((r) => [r.id, r])), [all]);
  const perNetwork = useMemo(() => countByNetwork(all ?? []), [all]);
  const choices = useMemo(
    () => ({
      states: distinct(all ?? [], (r) => r.state),
      versions: distinct(all ?? [], (r) => r.version, (a, b) => compareVersions(b, a)),
      hypervisors: distinct(all ?? [], (r) => r.hypervisor),
    }),
    [all],
  );

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
    const scopes: UpgradeScopeParams[] = g.scope ? [g.scope] : split.running.map((r) => ({ id: r.id }));
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
  const frozenCount = useMemo(() => frozenNetworks(all ?? [], versionCheck).length, [all, versionCheck]);

  const confirmUpgrade = () => {
    if (!pendingUpgrade) return;
    upgrade.mutate(pendingUpgrade.scopes, {
      onSuccess: (jobids) => {
        setPendingUpgrade(null);
        setSelected(new Set());
        if (jobids.length === 0) setNotice('No router needed an upgrade: they are all on the current version or busy.');
        else {
          setNotice(null);
          tracker.track(jobids);
        }
      },
    });
  };

  const retryFailed = () => {
    const ids = failedRouterIds(tracker.lines);
    retry.mutate(ids.map((id) => ({ id })), { onSuccess: (jobids) => tracker.track(jobids) });
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
        onView={(v: View) => update({ view: v, group: undefined })}
        search={state.search}
        onSearch={(q) => update({ search: q }, true)}
        filters={state.filters}
        onFilters={(filters) => update({ filters }, true)}
        choices={choices}
        columns={state.columns}
        onColumns={(columns) => update({ columns }, true)}
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
        />
      )}
      {tracker.visible && (
        <UpgradeProgressPanel
          lines={tracker.lines}
          summary={tracker.summary}
          remainingMs={tracker.remainingMs}
          routersById={routersById}
          onRetryFailed={retryFailed}
          retrying={retry.isPending}
          retryError={retry.error}
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
          <Text size="sm" c="dimmed">
            {`${groups.length.toLocaleString()} ${GROUP_LABELS[view].one.toLowerCase()} groups, ${filtered.length.toLocaleString()} routers`}
          </Text>
          {view === 'cluster' && hosts.isPending ? (
            <PageLoader label="Loading hosts…" />
          ) : (
            <GroupTable by={view} groups={groups} onOpen={(key) => {
              setFocusGroup(true);
              update({ group: key });
            }} onUpgrade={(g) => askGroupUpgrade(g, view)} upgrading={upgradingGroups} />
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
                  disabled={(wholeGroups.get(openGroup.key)?.requiringUpgrade ?? 0) === 0}
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
              {`${listed.length.toLocaleString()} routers, ${stale.toLocaleString()} requiring upgrade, ${running.toLocaleString()} running`}
            </Text>
            {selected.size > 0 && (
              <Group gap="xs">
                <Text size="sm">{`${selected.size.toLocaleString()} selected`}</Text>
                <Button size="xs" color="orange" disabled={selectedStale.length === 0} onClick={askSelectedUpgrade}>
                  {`Upgrade selected (${selectedStale.length.toLocaleString()})`}
                </Button>
                <Button size="xs" variant="default" onClick={() => setSelected(new Set())}>
                  Clear selection
                </Button>
              </Group>
            )}
          </Group>
          {listed.length === 0 ? (
            <Text c="dimmed">{filtersActive(state.filters, state.search) ? 'No router matches the filters and search.' : 'There are no virtual routers here.'}</Text>
          ) : (
            <RouterTable
              routers={sorted}
              columns={state.columns}
              hosts={hostIndex}
              sort={state.sort}
              onSort={onSort}
              selected={selected}
              onSelect={onSelect}
              onOpen={openRouter}
              onUpgrade={askRouterUpgrade}
              isUpgrading={isUpgrading}
            />
          )}
        </>
      )}
      <UpgradeConfirmModal
        request={pendingUpgrade?.request ?? null}
        onCancel={() => setPendingUpgrade(null)}
        onConfirm={confirmUpgrade}
        onStart={(r) => startRouter.mutate({ action: 'start', id: r.id })}
        busy={upgrade.isPending}
        error={upgrade.error}
      />
      <RouterDrawer
        router={drawerRouter}
        routerId={state.router}
        onClose={() => update({ router: undefined })}
        versionCheck={versionCheck}
        routersInNetwork={networkKey ? (perNetwork.get(networkKey) ?? 1) : 1}
        onUpgrade={askRouterUpgrade}
        upgrading={drawerRouter ? upgradingRouters.has(drawerRouter.id) : false}
      />
    </Stack>
  );
}
