/**
 * The `service` list of NetworkResponse and NetworkOfferingResponse (ServiceResponse: `name` and its
 * `provider` list), from a network offering's services. The default offerings of CloudStack provide their
 * services with the VirtualRouter (VpcVirtualRouter in a VPC), and SecurityGroup with the
 * SecurityGroupProvider (ConfigurationServerImpl.createDefaultNetworkOfferings).
 */
export function serviceList(services: string | undefined, forvpc: boolean): { name: string; provider: { name: string }[] }[] {
  const names = (services ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return names.map((name) => ({
    name,
    provider: [{ name: name === 'SecurityGroup' ? 'SecurityGroupProvider' : forvpc ? 'VpcVirtualRouter' : 'VirtualRouter' }],
  }));
}
