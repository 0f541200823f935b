/**
 * Retrying a failed template download. CloudStack has no command that downloads a failed template
 * again, and updateTemplate cannot change its URL; what an admin does is delete the failed template in
 * that zone (deleteTemplate id, zoneid) and register it again (registerTemplate), from the same URL or a
 * corrected one. The new registration is for that zone only, with the failed one's other properties.
 */
import type { Template } from '../../api/schemas';
import { registerFormErrors, registerParams, type RegisterForm } from './registerForm';

/** The register form that registers a failed template again in its zone, from `url` (its own by default). */
export function retryForm(t: Template, url?: string): RegisterForm {
  const checksum = (t as { checksum?: unknown }).checksum;
  return {
    name: t.name,
    displaytext: t.displaytext ?? t.name,
    url: url ?? t.url ?? '',
    hypervisor: t.hypervisor ?? 'KVM',
    format: t.format ?? 'QCOW2',
    zoneid: t.zoneid ?? '',
    isrouting: t.templatetype === 'ROUTING',
    checksum: typeof checksum === 'string' ? checksum : '',
  };
}

/** The registerTemplate parameters of a retry, or the form's problems when it cannot be sent. */
export function retryParams(t: Template, url?: string): { params?: ReturnType<typeof registerParams>; problems: Partial<Record<keyof RegisterForm, string>> } {
  const form = retryForm(t, url);
  const problems = registerFormErrors(form);
  return Object.keys(problems).length > 0 ? { problems } : { params: registerParams(form), problems };
}

/**
 * Whether a download's error says the secondary storage VM could not reach the server at all, or may not
 * download from it (an internal address not in secstorage.allowed.internal.sites).
 */
export function unreachableSource(status: string | undefined): boolean {
  return /could not resolve|refused|timed out|unreachable|reset|is not allowed/i.test(status ?? '');
}

/**
 * How to serve a template from inside a cloud that cannot reach the Internet, in steps for the admin.
 * secstorage.allowed.internal.sites: "Comma separated list of cidrs internal to the datacenter that can
 * host template download servers" (CloudStack's configuration, read by SecondaryStorageManagerImpl).
 */
export const INTERNAL_HOSTING_STEPS: readonly string[] = [
  'Download the template file on a machine that can reach the Internet, and check it against its published checksum.',
  'Copy it to a web server inside the data centre that the zone\u2019s secondary storage VM can reach, for example: cd /srv/templates && python3 -m http.server 8080.',
  'Add that server\u2019s network to the global setting secstorage.allowed.internal.sites (CIDRs, comma separated), then restart the management server and the secondary storage VM so that they read it.',
  'Register the template (or Edit URL here) with the internal address, for example http://10.1.1.5:8080/systemvmtemplate-kvm.qcow2.bz2.',
];
