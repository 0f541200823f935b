import type { Db } from '../db/database';
import { settingDefinitions, settingsByName, type SettingDefinition } from './catalogue';

const byDb = new WeakMap<Db, Settings>();

/** The settings of the simulator that opened this database, for code that has only the database. */
export function settingsOf(db: Db): Settings | undefined {
  return byDb.get(db);
}

/**
 * Setting values, global and per zone. Dynamic settings take effect at once; the others, as in CloudStack,
 * only when the management server restarts: `effective` reads the values as they were at start-up.
 */
export class Settings {
  private snapshot = new Map<string, string>();
  /**
   * When the simulated management server last started (ms since the epoch): set by `takeSnapshot`, so that a
   * simulated restart moves `lastserverstart` (listManagementServers) as a real restart does.
   */
  startedAt = Date.now();

  constructor(private readonly db: Db) {
    this.takeSnapshot();
    byDb.set(db, this);
  }

  /** Called at start-up (a simulated restart): what the process runs with for the non-dynamic settings; moves `startedAt`. */
  takeSnapshot(): void {
    this.startedAt = Date.now();
    this.snapshot.clear();
    const rows = this.db.prepare('SELECT name, scope, scopeid, value FROM config_values').all() as {
      name: string; scope: string; scopeid: string; value: string;
    }[];
    for (const r of rows) this.snapshot.set(`${r.name}|${r.scope}|${r.scopeid}`, r.value);
  }

  private storedRaw(name: string, scope: string, scopeid: string): string | undefined {
    const row = this.db
      .prepare('SELECT value FROM config_values WHERE name = ? AND scope = ? AND scopeid = ?')
      .get(name, scope, scopeid) as { value: string } | undefined;
    return row?.value;
  }

  /** The value an admin sees for a setting at a scope (zone falls back to global, global to the default). */
  stored(def: SettingDefinition, zoneid?: string): string {
    if (zoneid && def.scope === 'zone') {
      const z = this.storedRaw(def.name, 'zone', zoneid);
      if (z !== undefined) return z;
    }
    return this.storedRaw(def.name, 'global', '') ?? def.installvalue ?? def.defaultvalue;
  }

  /** The value the simulator acts on now. */
  effective(name: string, zoneid?: string): string {
    const def = settingsByName.get(name);
    if (!def) throw new Error(`unknown setting ${name}`);
    if (def.isdynamic) return this.stored(def, zoneid);
    if (zoneid && def.scope === 'zone') {
      const z = this.snapshot.get(`${def.name}|zone|${zoneid}`);
      if (z !== undefined) return z;
    }
    return this.snapshot.get(`${def.name}|global|`) ?? def.installvalue ?? def.defaultvalue;
  }

  effectiveBool(name: string, zoneid?: string): boolean {
    return this.effective(name, zoneid) === 'true';
  }

  effectiveNumber(name: string, zoneid?: string): number {
    return Number(this.effective(name, zoneid));
  }

  set(def: SettingDefinition, value: string, zoneid?: string): void {
    this.db
      .prepare(
        `INSERT INTO config_values (name, scope, scopeid, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (name, scope, scopeid) DO UPDATE SET value = excluded.value`,
      )
      .run(def.name, zoneid ? 'zone' : 'global', zoneid ?? '', value);
  }

  reset(def: SettingDefinition, zoneid?: string): void {
    this.db
      .prepare('DELETE FROM config_values WHERE name = ? AND scope = ? AND scopeid = ?')
      .run(def.name, zoneid ? 'zone' : 'global', zoneid ?? '');
  }

  definitions(): SettingDefinition[] {
    return settingDefinitions;
  }
}
