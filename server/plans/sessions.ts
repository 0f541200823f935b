import type { Simulator } from '../api/context';
import { callerById } from '../auth/callers';
import { findSession } from '../auth/sessions';
import type { KnownSession } from './http';

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
