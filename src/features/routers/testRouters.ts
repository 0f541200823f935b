import type { Router } from '../../api/schemas';

/** A router as listRouters answers it, for unit tests: the fields given, plausible values for the rest. */
export function aRouter(fields: Partial<Router> & { id: string }): Router {
  return {
    name: `r-${fields.id}-VM`,
    state: 'Running',
    zoneid: 'z1',
    zonename: 'Zone 1',
    podid: 'p1',
    podname: 'Pod 1',
    version: '4.20.0',
    requiresupgrade: false,
    account: 'acme',
    domainid: 'd1',
    domainpath: 'ROOT/Acme',
    ...fields,
  } as Router;
}
