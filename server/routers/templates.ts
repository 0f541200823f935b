import type { Db } from '../db/database';
import type { Settings } from '../settings/settings';
import { CURRENT_SYSTEMVM_VERSION } from '../seed/versions';

export interface TemplateChoice {
  id: string;
  name: string;
  version: string;
}

const settingKey: Record<string, string> = {
  KVM: 'kvm', XenServer: 'xenserver', VMware: 'vmware', Hyperv: 'hyperv', LXC: 'lxc', Ovm3: 'ovm3',
};

/**
 * The template a new or upgraded router of a zone runs: the ready system or routing template named by
 * router.template.<hypervisor> as the management server runs it (a change applies after a restart).
 * When no ready template has that name, CloudStack falls back to the zone's current system VM template.
 */
export function routerTemplateFor(db: Db, settings: Settings, zoneid: string): TemplateChoice {
  const zone = db.prepare('SELECT hypervisor FROM zones WHERE id = ?').get(zoneid) as { hypervisor: string };
  const name = settings.effective(`router.template.${settingKey[zone.hypervisor] ?? zone.hypervisor.toLowerCase()}`, zoneid);
  const named = db
    .prepare(
      `SELECT id, name, version FROM templates WHERE name = ? AND hypervisor = ? AND templatetype IN ('SYSTEM', 'ROUTING')
       AND isready = 1 AND (zoneid IS NULL OR zoneid = ?) ORDER BY rowid DESC LIMIT 1`,
    )
    .get(name, zone.hypervisor, zoneid) as { id: string; name: string; version: string | null } | undefined;
  if (named) return { id: named.id, name: named.name, version: named.version ?? CURRENT_SYSTEMVM_VERSION };
  const current = db
    .prepare(`SELECT id, name, version FROM templates WHERE hypervisor = ? AND templatetype = 'SYSTEM' AND version = ? LIMIT 1`)
    .get(zone.hypervisor, CURRENT_SYSTEMVM_VERSION) as { id: string; name: string; version: string };
  return current;
}
