/** The system VM version this management server expects; routers below it require an upgrade. */
export const CURRENT_SYSTEMVM_VERSION = '4.20.0';
export const OLDER_SYSTEMVM_VERSIONS = ['4.19.1', '4.18.0'];
export const MANAGEMENT_SERVER_VERSION = '4.20.0.0';

export const hypervisors = [
  { name: 'KVM', key: 'kvm', format: 'QCOW2', templateLabel: 'KVM' },
  { name: 'XenServer', key: 'xenserver', format: 'VHD', templateLabel: 'XenServer' },
  { name: 'VMware', key: 'vmware', format: 'OVA', templateLabel: 'vSphere' },
] as const;
