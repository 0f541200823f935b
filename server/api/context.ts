import type { Db } from '../db/database';
import type { JobRunner } from '../jobs/runner';
import type { Settings } from '../settings/settings';
import type { SimulatorOptions } from '../options';

export type RoleType = 'Admin' | 'DomainAdmin' | 'User';

/** Who makes a call: the user, their account, domain and role. */
export interface Caller {
  userid: string;
  username: string;
  accountid: string;
  account: string;
  accounttype: 0 | 1 | 2;
  domainid: string;
  domain: string;
  domainpath: string;
  roletype: RoleType;
}

/** Everything a command handler may use. Extended by later concerns (console proxy, certificates). */
export interface Simulator {
  db: Db;
  options: SimulatorOptions;
  settings: Settings;
  jobs: JobRunner;
  startedAt: number;
  log: (line: string) => void;
}

export type Params = Record<string, string>;

/** The HTTP exchange, for the few commands that deal in cookies (login, logout). */
export interface HttpExchange {
  setCookie(cookie: string): void;
  cookies: Record<string, string>;
  jsessionid?: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface CommandContext {
  sim: Simulator;
  /** The authenticated caller; absent only for public commands (login). */
  caller: Caller;
  params: Params;
  http: HttpExchange;
}

export const isRootAdmin = (c: Caller) => c.accounttype === 1;
export const isAdmin = (c: Caller) => c.accounttype === 1 || c.accounttype === 2;
