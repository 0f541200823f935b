/** The register-template form: its fields, their checks, and the registerTemplate parameters they make. */
import { extensionsFor, HYPERVISOR_FORMATS } from '../../lib/templateFormats';
import type { ApiRequest } from '../../api/transport';

export { HYPERVISOR_FORMATS };
export const HYPERVISORS = Object.keys(HYPERVISOR_FORMATS);
export const ALL_ZONES = '-1';

export interface RegisterForm {
  name: string;
  displaytext: string;
  url: string;
  hypervisor: string;
  format: string;
  zoneid: string;
  isrouting: boolean;
  checksum: string;
}

export const emptyRegisterForm: RegisterForm = {
  name: '', displaytext: '', url: '', hypervisor: 'KVM', format: 'QCOW2', zoneid: '', isrouting: true, checksum: '',
};

/** The problems of each field, empty when the form may be sent. */
export function registerFormErrors(f: RegisterForm): Partial<Record<keyof RegisterForm, string>> {
  const e: Partial<Record<keyof RegisterForm, string>> = {};
  if (!f.name.trim()) e.name = 'Enter a name';
  if (!f.url.trim()) e.url = 'Enter the URL the secondary storage VM downloads the template from';
  else {
    try {
      const u = new URL(f.url.trim());
      if (u.protocol !== 'http:' && u.protocol !== 'https:') e.url = 'Use an http or https URL';
      else {
        const path = u.pathname.toLowerCase();
        const ext = `.${f.format.toLowerCase()}`;
        if (f.format && !extensionsFor(f.format).some((e) => path.endsWith(e))) {
          e.url = `The file name should end in ${ext} (or ${ext}.bz2, .gz, .zip)`;
        }
      }
    } catch {
      e.url = 'Not a valid URL';
    }
  }
  if (!HYPERVISOR_FORMATS[f.hypervisor]) e.hypervisor = 'Choose a hypervisor';
  else if (!HYPERVISOR_FORMATS[f.hypervisor]!.includes(f.format)) e.format = `${f.hypervisor} runs ${HYPERVISOR_FORMATS[f.hypervisor]!.join(' or ')}`;
  if (!f.zoneid) e.zoneid = 'Choose a zone, or all zones';
  return e;
}

/** The registerTemplate parameters of a valid form. */
export function registerParams(f: RegisterForm): ApiRequest<'registerTemplate'> {
  return {
    name: f.name.trim(),
    displaytext: f.displaytext.trim() || f.name.trim(),
    url: f.url.trim(),
    hypervisor: f.hypervisor,
    format: f.format,
    zoneid: f.zoneid,
    isrouting: f.isrouting ? true : undefined,
    checksum: f.checksum.trim() || undefined,
  };
}
