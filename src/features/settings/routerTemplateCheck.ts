/**
 * What saving a router.template.* value would do, checked against the templates CloudStack would look
 * among. CloudStack resolves the name when it deploys a router (VirtualNetworkApplianceManagerImpl /
 * NetworkHelperImpl: `_templateDao.findRoutingTemplate(hType, templateName)`), and
 * VMTemplateDaoImpl.findRoutingTemplate looks only at Active templates of that hypervisor, of type ROUTING
 * (else SYSTEM), with that name, and takes the one with the highest id: the one registered last. It does
 * not look at the zone or at whether the template is downloaded there. When it finds none, that
 * hypervisor "won't support system vm" and is skipped.
 */
import { downloadState } from '../templates/templateStatus';

export interface TemplateRow {
  id: string;
  name: string;
  hypervisor?: string;
  templatetype?: string;
  zoneid?: string;
  zonename?: string;
  isready?: boolean;
  status?: string;
  created?: string;
}

export type TemplateProblem =
  | { kind: 'unknown'; text: string }
  | { kind: 'other-hypervisor'; text: string }
  | { kind: 'duplicate'; text: string }
  | { kind: 'not-ready'; text: string };

const lookupTypes = ['ROUTING', 'SYSTEM'];

/**
 * The problems of naming `value` in a router.template.* setting for `hypervisor`, in the zone `zoneid`
 * (undefined for the global value), given the templates listed with templatefilter=all (one row per zone).
 * Empty when the name is fine.
 */
export function routerTemplateProblems(
  hypervisor: string,
  value: string,
  templates: readonly TemplateRow[],
  zone?: { id: string; name: string },
): TemplateProblem[] {
  const name = value.trim();
  if (name === '') return [];
  const named = templates.filter((t) => t.name === name);
  const candidates = named.filter((t) => (t.hypervisor ?? '').toLowerCase() === hypervisor.toLowerCase() && lookupTypes.includes(t.templatetype ?? ''));
  if (candidates.length === 0) {
    const others = [...new Set(named.filter((t) => lookupTypes.includes(t.templatetype ?? '')).map((t) => t.hypervisor).filter(Boolean))];
    if (others.length > 0) {
      return [{
        kind: 'other-hypervisor',
        text: `"${name}" is a template for ${others.join(' and ')}, not ${hypervisor}. CloudStack looks for this name among ${hypervisor} templates only, finds none, and skips ${hypervisor} when it deploys a router ("${hypervisor} won't support system vm").`,
      }];
    }
    return [{
      kind: 'unknown',
      text: `No routing or system template for ${hypervisor} is named "${name}". CloudStack finds none and skips ${hypervisor} when it deploys a router, until one with this name is registered.`,
    }];
  }
  const problems: TemplateProblem[] = [];
  // CloudStack prefers ROUTING to SYSTEM, then the highest id; the API gives no numeric id, so the newest
  // by creation date stands for "registered last".
  const type = candidates.some((t) => t.templatetype === 'ROUTING') ? 'ROUTING' : 'SYSTEM';
  const ofType = candidates.filter((t) => t.templatetype === type);
  const ids = [...new Set(ofType.map((t) => t.id))];
  const created = (id: string) => ofType.find((t) => t.id === id)?.created ?? '';
  const chosen = ids.reduce((a, b) => (created(b) > created(a) ? b : a));
  if (ids.length > 1) {
    problems.push({
      kind: 'duplicate',
      text: `${ids.length} ${hypervisor} templates are named "${name}". CloudStack takes the one registered last${created(chosen) ? ` (created ${created(chosen)})` : ''}, which may not be the one you mean: give each template a name of its own.`,
    });
  }
  if (zone) {
    const here = ofType.find((t) => t.id === chosen && t.zoneid === zone.id);
    if (!here) {
      problems.push({
        kind: 'not-ready',
        text: `"${name}" is not in zone ${zone.name}: copy it there and wait until it is Ready before new routers of this zone use it.`,
      });
    } else if (!here.isready) {
      const s = downloadState(here);
      problems.push({
        kind: 'not-ready',
        text: `"${name}" is not Ready in zone ${zone.name} (${'text' in s ? s.text : 'not ready'}). Wait until it is Ready before new routers of this zone use it.`,
      });
    }
  }
  return problems;
}
