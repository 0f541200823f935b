import { describe, expect, it } from 'vitest';
import { extensionsFor, HYPERVISOR_FORMATS } from './templateFormats';

describe('template formats', () => {
  it('names the formats each hypervisor runs', () => {
    expect(HYPERVISOR_FORMATS.KVM).toEqual(['QCOW2', 'RAW']);
    expect(HYPERVISOR_FORMATS.VMware).toEqual(['OVA']);
    expect(HYPERVISOR_FORMATS.Hyperv).toEqual(['VHD', 'VHDX']);
    expect(Object.keys(HYPERVISOR_FORMATS)).toEqual(['KVM', 'XenServer', 'VMware', 'Hyperv', 'LXC', 'Ovm3']);
  });

  it('allows the plain and the compressed endings of a format, in lower case', () => {
    expect(extensionsFor('QCOW2')).toEqual(['.qcow2', '.qcow2.bz2', '.qcow2.gz', '.qcow2.zip']);
    expect(extensionsFor('ova')).toEqual(['.ova', '.ova.bz2', '.ova.gz', '.ova.zip']);
  });
});
