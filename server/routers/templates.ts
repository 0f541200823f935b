import type { Db } from '../db/database';
import type { Settings } from '../settings/settings';
import { settingsOf } from '../settings/settings';
import { compareVersions } from '../../src/lib/version';
import { CURRENT_SYSTEMVM_VERSION } from '../seed/versions';
import { TEMPLATE_VIEW } from '../templates/rows';

export interface TemplateChoice {
  id: string;
  name: string;
  version: string;
  /** True when router.template.<hypervisor> named this template; false for the fallback. */
  configured: boolean;
}

const settingKey: Record<string, string> = {
  KVM: 'kvm', XenServer: 'xenserver', VMware: 'vmware', Hyperv: 'hyperv', LXC: 'lxc', Ovm3: 'ovm3',
};

/** The setting that names the router template of a hypervisor: router.template.kvm, ... */
export function routerTemplateSetting(hypervisor: string): string {
  return `router.template.${settingKey[hypervisor] ?? hypervisor.toLowerCase()}`;
}

/**
 * The template a new or upgraded router of a zone runs: the system or routing template named by
 * router.template.<hypervisor> as the management server runs it (a change applies after a restart), when
 * it is ready in that zone. When no ready template has that name, CloudStack falls back to the zone's
 * current system VM template.
 */
export function routerTemplateFor(db: Db, settings: Settings, zoneid: string): TemplateChoice {
  const zone = db.prepare('SELECT hypervisor FROM zones WHERE id = ?').get(zoneid) as { hypervisor: string };
  const name = settings.effective(routerTemplateSetting(zone.hypervisor), zoneid);
  const named = db
    .prepare(
      `SELECT id, name, version FROM ${TEMPLATE_VIEW} WHERE name = ? AND hypervisor = ? AND templatetype IN ('SYSTEM', 'ROUTING')
       AND isready = 1 AND removed IS NULL AND (zoneid IS NULL OR zoneid = ?) ORDER BY seq DESC LIMIT 1`,
    )
    .get(name, zone.hypervisor, zoneid) as { id: string; name: string; version: string | null } | undefined;
  if (named) return { id: named.id, name: named.name, version: named.version ?? CURRENT_SYSTEMVM_VERSION, configured: true };
  const current = db
    .prepare(`SELECT id, name, version FROM templates WHERE hypervisor = ? AND templatetype = 'SYSTEM' AND version = ? LIMIT 1`)
    .get(zone.hypervisor, CURRENT_SYSTEMVM_VERSION) as { id: string; name: string; version: string };
  return { ...current, configured: false };
}

/**
 * Per response batch: whether a router runs an older template than the one its zone's routers now get.
 * That is the case when router.template.<hypervisor> (as the running server sees it) names a ready
 * template other than the router's, of the same or a newer version: upgradeRouterTemplate moves the
 * router onto it, so the router reports that it requires an upgrade.
 */
export class ZoneRouterTemplates {
  private readonly byZone = new Map<string, TemplateChoice | null>();
  private readonly settings: Settings | undefined;

  constructor(private readonly db: Db) {
    this.settings = settingsOf(db);
  }

  zone(zoneid: string): TemplateChoice | null {
    if (!this.byZone.has(zoneid)) {
      let choice: TemplateChoice | null = null;
      try {
        if (this.settings) choice = routerTemplateFor(this.db, this.settings, zoneid);
      } catch {
        choice = null;
      }
      this.byZone.set(zoneid, choice);
    }
    return this.byZone.get(zoneid)!;
  }

  onOlderTemplate(r: { zoneid: string; templateid: string; version: string }): boolean {
    const t = this.zone(r.zoneid);
    if (!t || !t.configured || t.id === r.templateid) return false;
    return compareVersions(t.version, r.version) >= 0;
  }
}
