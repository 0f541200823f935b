import type { Simulator } from '../api/context';
import { callerById } from '../auth/callers';
import { findSession } from '../auth/sessions';
import type { KnownSession } from './http';
import type { PlanStore } from './store';
import type { SessionMemory } from '../upstream/forward';
import type { ForwardedSession } from '../upstream/sessions';

/**
 * The sessions of a simulating serving process: the JSESSIONID's session key and user, as the process's own
 * /client/session answers them (server/http/app.ts). The plan API then confirms them with the management
 * server's own listUsers.
 */
export function simulatorSessionOf(sim: Simulator): (jsessionid: string) => Promise<KnownSession | undefined> {
  return async (jsessionid) => {
    const s = findSession(sim.db, jsessionid);
    const caller = s ? callerById(sim.db, s.userid) : undefined;
    return s && caller ? { sessionkey: s.sessionkey, userid: caller.userid, username: caller.username } : undefined;
  };
}

/**
 * The forwarder's remembered sessions in the plan store, so that processes sharing one PostgreSQL share them
 * (a reload that lands on another process keeps the admin logged in). Expired ones are not found.
 */
export function storeSessions(store: PlanStore): SessionMemory {
  return {
    remember: (jsessionid, s) => store.rememberSession(jsessionid, { data: { ...s }, expires: s.expires }),
    async find(jsessionid) {
      if (!jsessionid) return undefined;
      const s = await store.findSession(jsessionid, Date.now());
      return s ? ({ ...s.data, expires: s.expires } as unknown as ForwardedSession) : undefined;
    },
    forget: async (jsessionid) => {
      if (jsessionid) await store.forgetSession(jsessionid);
    },
  };
}
