/**
 * Template disk formats, shared by the register-template form and the simulator's registerTemplate:
 * which formats each hypervisor runs, and the file name endings a template of a format may have.
 */

/** CloudStack's hypervisor names, and the disk formats each one runs. */
export const HYPERVISOR_FORMATS: Record<string, readonly string[]> = {
  KVM: ['QCOW2', 'RAW'],
  XenServer: ['VHD'],
  VMware: ['OVA'],
  Hyperv: ['VHD', 'VHDX'],
  LXC: ['TAR'],
  Ovm3: ['RAW'],
};

const COMPRESSIONS = ['', '.bz2', '.gz', '.zip'];

/** The file name endings a template of this format may have (CloudStack checks the URL's file name). */
export function extensionsFor(format: string): string[] {
  const ext = `.${format.toLowerCase()}`;
  return COMPRESSIONS.map((c) => ext + c);
}
