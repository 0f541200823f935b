import { command } from '../api/registry';
import { pageWindow } from '../api/listing';
import { ApiError, paramError } from '../api/errors';
import type { Simulator } from '../api/context';
import { checkSettingValue, settingsByName, type SettingDefinition } from './catalogue';
import { recordEvent } from '../events/events';
import { ownerOf } from '../events/owner';

/**
 * A setting as ConfigurationResponse answers it: `scope` only when a scope id was given (the value is then the
 * one in effect for that zone), `isdynamic` always; `type` in ConfigurationManagerImpl's words (Number for the
 * integer kinds, Decimal for floats).
 */
function configurationResponse(sim: Simulator, def: SettingDefinition, zoneid?: string) {
  const scoped = zoneid !== undefined && def.scope === 'zone';
  return {
    name: def.name,
    value: sim.settings.stored(def, scoped ? zoneid : undefined),
    defaultvalue: def.defaultvalue,
    description: def.description,
    category: def.category,
    scope: scoped ? 'zone' : undefined,
    type: def.type === 'Integer' || def.type === 'Long' ? 'Number' : def.type === 'Float' ? 'Decimal' : def.type,
    isdynamic: def.isdynamic,
    group: def.group,
    subgroup: def.subgroup,
    displaytext: def.name.split('.').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '),
    component: 'management-server',
  };
}

function checkZone(sim: Simulator, zoneid: string | undefined): void {
  if (zoneid && !sim.db.prepare('SELECT 1 FROM zones WHERE id = ?').get(zoneid)) throw paramError(`Unable to find zone by id ${zoneid}`);
}

function onlyZoneScope(p: { clusterid?: string; storageid?: string; accountid?: string; domainid?: string; imagestoreuuid?: string }): void {
  const other = (['clusterid', 'storageid', 'accountid', 'domainid', 'imagestoreuuid'] as const).find((k) => p[k] !== undefined);
  if (other) throw paramError(`None of the settings of this management server can be set at the ${other.replace(/id$|uuid$/, '')} scope; use zoneid or no scope`);
}

export const listConfigurations = command({
  name: 'listConfigurations',
  access: 'root',
  handle: ({ sim }, p) => {
    onlyZoneScope(p);
    checkZone(sim, p.zoneid);
    let defs = sim.settings.definitions();
    // A scope id lists the settings that may be set at that scope, as CloudStack does.
    if (p.zoneid) defs = defs.filter((d) => d.scope === 'zone');
    if (p.name) defs = defs.filter((d) => d.name.toLowerCase().includes(p.name!.toLowerCase()));
    if (p.category) defs = defs.filter((d) => d.category.toLowerCase() === p.category!.toLowerCase());
    if (p.group) defs = defs.filter((d) => d.group === p.group);
    if (p.subgroup) defs = defs.filter((d) => d.subgroup === p.subgroup);
    if (p.keyword) defs = defs.filter((d) => d.name.toLowerCase().includes(p.keyword!.toLowerCase()) || d.description.toLowerCase().includes(p.keyword!.toLowerCase()));
    const { limit, offset } = pageWindow(sim, p);
    const page = defs.slice(offset, offset + limit);
    return { count: defs.length, items: page.map((d) => configurationResponse(sim, d, p.zoneid)) };
  },
});

function settingFor(name: string): SettingDefinition {
  const def = settingsByName.get(name);
  if (!def) throw paramError(`Configuration ${name} does not exist`);
  return def;
}

export const updateConfiguration = command({
  name: 'updateConfiguration',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    onlyZoneScope(p);
    checkZone(sim, p.zoneid);
    const def = settingFor(p.name);
    if (p.zoneid && def.scope !== 'zone') throw paramError(`Setting ${def.name} cannot be set at the zone scope; it is a global setting`);
    const value = p.value ?? '';
    const reason = value === '' && def.type === 'String' ? undefined : checkSettingValue(def, value);
    if (reason) throw new ApiError(431, `Invalid value for setting ${def.name}: '${value.slice(0, 64)}' ${reason} (type ${def.type})`);
    sim.settings.set(def, value, p.zoneid);
    recordEvent(sim.db, { type: 'CONFIGURATION.VALUE.EDIT', description: `Setting ${def.name} set to '${value}'${p.zoneid ? ` in zone ${p.zoneid}` : ''}${def.isdynamic ? '' : '; takes effect after a management server restart'}`,
      owner: ownerOf(sim.db, caller) });
    return configurationResponse(sim, def, p.zoneid);
  },
});

export const resetConfiguration = command({
  name: 'resetConfiguration',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    onlyZoneScope(p);
    checkZone(sim, p.zoneid);
    const def = settingFor(p.name);
    if (p.zoneid && def.scope !== 'zone') throw paramError(`Setting ${def.name} cannot be set at the zone scope; it is a global setting`);
    sim.settings.reset(def, p.zoneid);
    recordEvent(sim.db, { type: 'CONFIGURATION.VALUE.EDIT', description: `Setting ${def.name} reset${p.zoneid ? ` in zone ${p.zoneid}` : ''}`, owner: ownerOf(sim.db, caller) });
    return configurationResponse(sim, def, p.zoneid);
  },
});

export const settingsCommands = [listConfigurations, updateConfiguration, resetConfiguration];
