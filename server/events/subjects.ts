import type { Db } from '../db/database';
import { recordEvent, type EventInput } from './events';
import { ownerOf, systemOwner } from './owner';

/** What an event says: everything but whose it is and what it is about. */
export type EventFacts = Pick<EventInput, 'type' | 'level' | 'state' | 'description'>;

/** Records an event about a virtual router, owned by the router's account. */
export function recordRouterEvent(db: Db, r: Parameters<typeof ownerOf>[1] & { id: string; name: string }, e: EventFacts): void {
  recordEvent(db, { ...e, owner: ownerOf(db, r), resourceid: r.id, resourcetype: 'DomainRouter', resourcename: r.name });
}

/** Records an event about a console proxy or a secondary storage VM, owned by the system account. */
export function recordSystemVmEvent(db: Db, vm: { id: string; name: string; systemvmtype: string }, e: EventFacts): void {
  recordEvent(db, {
    ...e, owner: systemOwner(db),
    resourceid: vm.id, resourcetype: vm.systemvmtype === 'consoleproxy' ? 'ConsoleProxy' : 'SecondaryStorageVm', resourcename: vm.name,
  });
}
