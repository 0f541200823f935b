/** The system VM version this management server expects; routers below it require an upgrade. */
export const CURRENT_SYSTEMVM_VERSION = '4.20.0';
export const OLDER_SYSTEMVM_VERSIONS = ['4.19.1', '4.18.0'];
export const MANAGEMENT_SERVER_VERSION = '4.20.0.0';

export const hypervisors = [
  { name: 'KVM', key: 'kvm', format: 'QCOW2', templateLabel: 'KVM' },
  { name: 'XenServer', key: 'xenserver', format: 'VHD', templateLabel: 'XenServer' },
  { name: 'VMware', key: 'vmware', format: 'OVA', templateLabel: 'vSphere' },
] as const;
/** The checksum of the management server's router scripts (cloud-scripts.tgz); a live-patched router reports it. */
export const CURRENT_SCRIPTS_CHECKSUM = 'a3b1e2f0c9d8e7f6a5b4c3d2e1f00112';
