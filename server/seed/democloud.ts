import type { Db } from '../db/database';
import { getMeta, setMeta } from '../db/database';
import { nowDate } from '../db/rows';
import { hashPassword } from '../auth/passwords';
import { prng, seededUuid } from './ids';
import { CURRENT_SYSTEMVM_VERSION, hypervisors, OLDER_SYSTEMVM_VERSIONS } from './versions';

export interface SeedSummary {
  zones: number;
  routers: number;
  accounts: number;
  networks: number;
  vms: number;
}

const DEMO_USERS = [
  // username, domain path, account type (1 root admin, 2 domain admin, 0 user), first, last
  ['admin', '/ROOT/', 1, 'Admin', 'Istrator'],
  ['eng-admin', '/ROOT/Engineering/', 2, 'Erin', 'Engineer'],
  ['alice', '/ROOT/Engineering/', 0, 'Alice', 'Anders'],
  ['carol', '/ROOT/Engineering/QA/', 0, 'Carol', 'Chen'],
  ['bob', '/ROOT/Sales/', 0, 'Bob', 'Brown'],
  ['dave', '/ROOT/Support/', 0, 'Dave', 'Diaz'],
] as const;

const DOMAIN_PATHS = ['/ROOT/', '/ROOT/Engineering/', '/ROOT/Engineering/QA/', '/ROOT/Sales/', '/ROOT/Support/'];

/** Creates the deterministic demo cloud once; later starts find it in the database and keep it. */
export function seedDemoCloud(db: Db, opts: { seed: number; routers: number; password?: string; hostileNames?: boolean }): SeedSummary | undefined {
  if (getMeta(db, 'seeded')) return undefined;
  const seed = opts.seed;
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const id = (kind: string, n: number | string) => seededUuid(seed, kind, n);
  const created = nowDate(Date.UTC(2026, 0, 15, 9, 30, 0));
  const summary: SeedSummary = { zones: 0, routers: 0, accounts: 0, networks: 0, vms: 0 };

  const ins = {
    zone: db.prepare('INSERT INTO zones (id, name, hypervisor, data) VALUES (?, ?, ?, ?)'),
    pod: db.prepare('INSERT INTO pods (id, name, zoneid, data) VALUES (?, ?, ?, ?)'),
    cluster: db.prepare('INSERT INTO clusters (id, name, podid, zoneid, data) VALUES (?, ?, ?, ?, ?)'),
    host: db.prepare('INSERT INTO hosts (id, name, clusterid, podid, zoneid, state, data) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    domain: db.prepare('INSERT INTO domains (id, name, parentid, path, data) VALUES (?, ?, ?, ?, ?)'),
    account: db.prepare('INSERT INTO accounts (id, name, domainid, domainpath, accounttype, data) VALUES (?, ?, ?, ?, ?, ?)'),
    user: db.prepare('INSERT INTO users (id, username, accountid, domainid, passwordhash, data) VALUES (?, ?, ?, ?, ?, ?)'),
    offering: db.prepare('INSERT INTO serviceofferings (id, name, issystem, systemvmtype, data) VALUES (?, ?, ?, ?, ?)'),
    template: db.prepare(
      `INSERT INTO templates (id, name, hypervisor, templatetype, zoneid, version, accountid, ispublic, status, isready, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    network: db.prepare(
      `INSERT INTO networks (id, name, zoneid, accountid, account, domainid, domainpath, type, vpcid, redundant, state, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    router: db.prepare(
      `INSERT INTO routers (id, name, zoneid, podid, clusterid, hostid, accountid, account, domainid, domainpath, networkid,
         vpcid, state, version, templateid, serviceofferingid, redundantstate, publicip, guestipaddress, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    systemvm: db.prepare(
      `INSERT INTO systemvms (id, name, systemvmtype, zoneid, podid, hostid, state, version, templateid, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    vm: db.prepare(
      `INSERT INTO vms (id, name, zoneid, hostid, accountid, account, domainid, domainpath, networkid, state, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  };

  const passwordHash = hashPassword(opts.password ?? 'password');

  db.transaction(() => {
    // Domains
    const domains = DOMAIN_PATHS.map((path, i) => {
      const parts = path.split('/').filter(Boolean);
      const name = parts[parts.length - 1]!;
      const parentPath = parts.length > 1 ? `/${parts.slice(0, -1).join('/')}/` : undefined;
      return { id: id('domain', i), name, path, parentPath, level: parts.length - 1 };
    });
    const domainByPath = new Map(domains.map((d) => [d.path, d]));
    for (const d of domains) {
      const parent = d.parentPath ? domainByPath.get(d.parentPath) : undefined;
      const displayPath = d.path === '/ROOT/' ? 'ROOT' : d.path.slice(1, -1);
      ins.domain.run(d.id, d.name, parent?.id ?? null, d.path, JSON.stringify({
        level: d.level, parentdomainid: parent?.id, parentdomainname: parent?.name, state: 'Active', created,
        haschild: domains.some((c) => c.parentPath === d.path), displaypath: displayPath,
      }));
    }

    // Accounts and users
    type Owner = { accountid: string; account: string; domainid: string; domain: string; domainpath: string };
    const owners: Owner[] = [];
    const addAccount = (name: string, path: string, type: number, withUser?: { first: string; last: string }) => {
      const d = domainByPath.get(path)!;
      const accountid = id('account', name);
      const roletype = type === 1 ? 'Admin' : type === 2 ? 'DomainAdmin' : 'User';
      ins.account.run(accountid, name, d.id, d.path, type, JSON.stringify({
        domain: d.name, domainpath: d.path === '/ROOT/' ? 'ROOT' : d.path.slice(1, -1), state: 'enabled',
        roletype, rolename: roletype === 'Admin' ? 'Root Admin' : roletype === 'DomainAdmin' ? 'Domain Admin' : 'User',
        created, isdefault: name === 'admin',
      }));
      ins.user.run(id('user', name), name, accountid, d.id, withUser ? passwordHash : '!', JSON.stringify({
        firstname: withUser?.first ?? name, lastname: withUser?.last ?? 'Tenant', email: `${name}@example.com`,
        state: withUser ? 'enabled' : 'disabled', created, timezone: 'UTC', usersource: 'native',
      }));
      const owner = { accountid, account: name, domainid: d.id, domain: d.name, domainpath: d.path };
      owners.push(owner);
      summary.accounts += 1;
      return owner;
    };
    // CloudStack's own system account and user (Account.ACCOUNT_ID_SYSTEM, User.UID_SYSTEM): the owner of
    // the jobs the management server starts itself, such as the reboots of upgradeRouterTemplate.
    const root = domainByPath.get('/ROOT/')!;
    ins.account.run(id('account', 'system'), 'system', root.id, root.path, 1, JSON.stringify({
      domain: root.name, domainpath: 'ROOT', state: 'enabled', roletype: 'Admin', rolename: 'Root Admin', created, isdefault: true,
    }));
    ins.user.run(id('user', 'system'), 'system', id('account', 'system'), root.id, '!', JSON.stringify({
      firstname: 'system', lastname: 'cloud', state: 'enabled', created, timezone: 'UTC', usersource: 'native',
    }));
    // The upgrade to this release sets the minimum router version to the release (Upgrade*.java).
    db.prepare(`INSERT OR IGNORE INTO config_values (name, scope, scopeid, value) VALUES ('minreq.sysvmtemplate.version', 'global', '', ?)`)
      .run(CURRENT_SYSTEMVM_VERSION);
    for (const [name, path, type, first, last] of DEMO_USERS) addAccount(name, path, type, { first, last });
    const admin = owners[0]!;
    const tenantCount = Math.max(4, Math.ceil(opts.routers / 25));
    for (let i = 1; i <= tenantCount; i++) {
      addAccount(`tenant-${String(i).padStart(3, '0')}`, DOMAIN_PATHS[1 + (i % 4)]!, 0);
    }
    const routerOwners = owners.filter((o) => o.account !== 'admin' && o.account !== 'eng-admin');

    // Service offerings
    const offering = (key: string, name: string, issystem: boolean, systemvmtype: string | null, cpu: number, mhz: number, mem: number, rate?: number) => {
      const oid = id('offering', key);
      ins.offering.run(oid, name, issystem ? 1 : 0, systemvmtype, JSON.stringify({
        displaytext: name, cpunumber: cpu, cpuspeed: mhz, memory: mem, networkrate: rate, offerha: issystem,
        storagetype: 'shared', provisioningtype: 'thin', created, defaultuse: issystem, state: 'Active',
        iscustomized: false, limitcpuuse: false, isvolatile: false, dynamicscalingenabled: true,
      }));
      return { id: oid, name };
    };
    const routerOffering = offering('router', 'System Offering For Software Router', true, 'domainrouter', 1, 500, 256, 200);
    offering('router-large', 'System Offering For Software Router - Large', true, 'domainrouter', 2, 1000, 1024, 1000);
    const cpvmOffering = offering('cpvm', 'System Offering For Console Proxy', true, 'consoleproxy', 1, 500, 1024);
    const ssvmOffering = offering('ssvm', 'System Offering For Secondary Storage VM', true, 'secondarystoragevm', 1, 500, 512);
    const smallOffering = offering('small', 'Small Instance', false, null, 1, 500, 512);
    const mediumOffering = offering('medium', 'Medium Instance', false, null, 1, 1000, 1024);

    // Templates: the current system VM template per hypervisor, and older ones still in use.
    const templatesByVersion = new Map<string, { id: string; name: string }>();
    for (const hv of hypervisors) {
      for (const version of [CURRENT_SYSTEMVM_VERSION, ...OLDER_SYSTEMVM_VERSIONS]) {
        const current = version === CURRENT_SYSTEMVM_VERSION;
        const name = current ? `SystemVM Template (${hv.templateLabel})` : `systemvm-${hv.key}-${version}`;
        const tid = id('template', `${hv.key}-${version}`);
        ins.template.run(tid, name, hv.name, 'SYSTEM', null, version, admin.accountid, 0, 'Download Complete', 1, JSON.stringify({
          displaytext: `${name} (system VM ${version})`, format: hv.format, account: 'system', domain: 'ROOT',
          domainid: admin.domainid, ispublic: false, isfeatured: false, isextractable: false, crossZones: true,
          created, size: 5368709120, bootable: true, passwordenabled: false, ostypename: 'Debian GNU/Linux 12 (64-bit)',
          url: `https://download.cloudstack.org/systemvm/${version.slice(0, 4)}/systemvmtemplate-${version}-x86_64-${hv.key}.${hv.format.toLowerCase()}${hv.format === 'OVA' ? '' : '.bz2'}`,
        }));
        templatesByVersion.set(`${hv.name}|${version}`, { id: tid, name });
      }
    }
    const guestTemplates = hypervisors.map((hv) => {
      const tid = id('template', `guest-${hv.key}`);
      const name = `Ubuntu 24.04 LTS (${hv.name})`;
      ins.template.run(tid, name, hv.name, 'USER', null, null, admin.accountid, 1, 'Download Complete', 1, JSON.stringify({
        displaytext: name, format: hv.format, account: 'admin', domain: 'ROOT', domainid: admin.domainid, ispublic: true,
        isfeatured: true, isextractable: true, crossZones: true, created, size: 10737418240, bootable: true,
        passwordenabled: true, ostypename: 'Ubuntu 24.04 LTS', url: `http://images.example.com/ubuntu-24.04.${hv.format.toLowerCase()}`,
      }));
      return { id: tid, name, hypervisor: hv.name };
    });

    // Zones, pods, clusters, hosts
    const zoneNames = ['zone-east (KVM)', 'zone-west (XenServer)', 'zone-central (VMware)'];
    type HostRef = { id: string; name: string; clusterid: string; podid: string; zoneid: string };
    const zoneInfo = hypervisors.map((hv, zi) => {
      const zoneid = id('zone', zi);
      const zoneName = zoneNames[zi]!.split(' ')[0]!;
      ins.zone.run(zoneid, zoneName, hv.name, JSON.stringify({
        description: `Demo zone on ${hv.name}`, networktype: 'Advanced', allocationstate: 'Enabled', dns1: '8.8.8.8',
        internaldns1: `10.${zi + 1}.0.2`, localstorageenabled: false, securitygroupsenabled: false,
        guestcidraddress: '10.1.0.0/16', type: 'Core', domain: undefined,
      }));
      summary.zones += 1;
      const hosts: HostRef[] = [];
      const pods: { id: string; name: string; hosts: HostRef[] }[] = [];
      for (let p = 1; p <= 3; p++) {
        const podid = id('pod', `${zi}-${p}`);
        const podName = `${zoneName}-pod${p}`;
        ins.pod.run(podid, podName, zoneid, JSON.stringify({
          zonename: zoneName, gateway: `10.${zi + 1}.${p}.1`, netmask: '255.255.255.0', allocationstate: 'Enabled',
          startip: [`10.${zi + 1}.${p}.10`], endip: [`10.${zi + 1}.${p}.250`],
        }));
        const podHosts: HostRef[] = [];
        for (let c = 1; c <= 2; c++) {
          const clusterid = id('cluster', `${zi}-${p}-${c}`);
          const clusterName = `${podName}-cluster${c}`;
          ins.cluster.run(clusterid, clusterName, podid, zoneid, JSON.stringify({
            podname: podName, zonename: zoneName, hypervisortype: hv.name, clustertype: hv.name === 'VMware' ? 'ExternalManaged' : 'CloudManaged',
            allocationstate: 'Enabled', managedstate: 'Managed', cpuovercommitratio: '1.0', memoryovercommitratio: '1.0', arch: 'x86_64',
          }));
          for (let h = 1; h <= 4; h++) {
            const hostid = id('host', `${zi}-${p}-${c}-${h}`);
            const hostName = `${hv.key}-${zoneName.replace('zone-', '')}-p${p}c${c}h${h}`;
            ins.host.run(hostid, hostName, clusterid, podid, zoneid, 'Up', JSON.stringify({
              type: 'Routing', resourcestate: 'Enabled', ipaddress: `10.${zi + 1}.${p}.${c * 10 + h}`, hypervisor: hv.name,
              hypervisorversion: hv.name === 'KVM' ? '6.2.0' : hv.name === 'VMware' ? '8.0' : '8.2.1', clustername: clusterName,
              podname: podName, zonename: zoneName, cpunumber: 32, cpuspeed: 2600, cpusockets: 2, memorytotal: 274877906944,
              version: '4.20.0.0', created, arch: 'x86_64', clustertype: 'CloudManaged', hahost: false, islocalstorageactive: false,
            }));
            const ref = { id: hostid, name: hostName, clusterid, podid, zoneid };
            hosts.push(ref);
            podHosts.push(ref);
          }
        }
        pods.push({ id: podid, name: podName, hosts: podHosts });
      }
      return { id: zoneid, name: zoneName, index: zi, hv, hosts, pods };
    });

    // System VMs: one console proxy and one secondary storage VM per zone.
    let vmNumber = 1;
    for (const z of zoneInfo) {
      const tpl = templatesByVersion.get(`${z.hv.name}|${CURRENT_SYSTEMVM_VERSION}`)!;
      for (const type of ['consoleproxy', 'secondarystoragevm'] as const) {
        const n = vmNumber++;
        const host = z.pods[0]!.hosts[type === 'consoleproxy' ? 0 : 1]!;
        const offeringRef = type === 'consoleproxy' ? cpvmOffering : ssvmOffering;
        const name = `${type === 'consoleproxy' ? 'v' : 's'}-${n}-VM`;
        ins.systemvm.run(id('systemvm', n), name, type, z.id, host.podid, host.id, 'Running', CURRENT_SYSTEMVM_VERSION, tpl.id, JSON.stringify({
          zonename: z.name, podname: z.pods[0]!.name, hypervisor: z.hv.name, agentstate: 'Up',
          publicip: `198.51.100.${10 + n}`, privateip: `10.${z.index + 1}.1.${100 + n}`, linklocalip: `169.254.3.${n}`,
          serviceofferingid: offeringRef.id, serviceofferingname: offeringRef.name, created, dns1: '8.8.8.8',
          gateway: '198.51.100.1', isdynamicallyscalable: false, arch: 'x86_64', activeviewersessions: 0,
        }));
      }
    }

    // Networks and routers.
    let networkNumber = 0;
    let routerCount = 0;
    const addNetwork = (z: (typeof zoneInfo)[number], owner: Owner, type: 'Isolated' | 'Shared' | 'VPC', redundant: boolean, vpc?: { id: string; name: string }) => {
      const n = networkNumber++;
      const nid = id('network', n);
      const name = type === 'Shared' ? `shared-${z.name}` : vpc ? `${vpc.name}-tier${n % 3 + 1}` : `${owner.account}-net-${n}`;
      const cidr = type === 'Shared' ? `172.16.${z.index}.0/24` : `10.1.${n % 250}.0/24`;
      ins.network.run(nid, name, z.id, owner.accountid, owner.account, owner.domainid, owner.domainpath, type, vpc?.id ?? null,
        redundant ? 1 : 0, 'Implemented', JSON.stringify({
          displaytext: name, zonename: z.name, domain: owner.domain, cidr, gateway: cidr.replace(/0\/24$/, '1'),
          netmask: '255.255.255.0', vpcname: vpc?.name, traffictype: 'Guest', acltype: type === 'Shared' ? 'Domain' : 'Account',
          networkofferingname: type === 'Shared' ? 'DefaultSharedNetworkOfferingWithSGService' : vpc ? 'DefaultIsolatedNetworkOfferingForVpcNetworks' : redundant ? 'DefaultRedundantIsolatedNetworkOfferingWithSourceNat' : 'DefaultIsolatedNetworkOfferingWithSourceNatService',
          redundantrouter: redundant, restartrequired: false, created, broadcastdomaintype: 'Vlan', issystem: false,
          canusefordeploy: true, ispersistent: false, specifyipranges: type === 'Shared', networkdomain: `cs${n}cloud.internal`,
        }));
      summary.networks += 1;
      return { id: nid, name, cidr };
    };
    const addRouter = (z: (typeof zoneInfo)[number], owner: Owner, net: { id: string; name: string; cidr: string },
      host: HostRef, version: string, state: string, extra: { redundantstate?: string; vpc?: { id: string; name: string }; guestip: string }) => {
      const n = vmNumber++;
      // The management-server upgrade re-points every system VM at the new system VM template in the DB;
      // the router keeps reporting the version it booted until a reboot rebuilds it from that template.
      const tpl = templatesByVersion.get(`${z.hv.name}|${CURRENT_SYSTEMVM_VERSION}`)!;
      const rid = id('router', n);
      const name = `r-${n}-VM`;
      const publicip = `203.0.${(z.index * 64 + (n >> 8)) % 256}.${n % 256}`;
      ins.router.run(rid, name, z.id, host.podid, host.clusterid, state === 'Running' ? host.id : null, owner.accountid,
        owner.account, owner.domainid, owner.domainpath, net.id, extra.vpc?.id ?? null, state, version, tpl.id,
        routerOffering.id, extra.redundantstate ?? null, publicip, extra.guestip, JSON.stringify({
          role: 'VIRTUAL_ROUTER', isredundantrouter: extra.redundantstate !== undefined,
          linklocalip: `169.254.${(n >> 8) % 256}.${n % 256}`, linklocalnetmask: '255.255.0.0', guestnetmask: '255.255.255.0',
          dns1: '8.8.8.8', dns2: '8.8.4.4', gateway: publicip.replace(/\.\d+$/, '.1'), publicnetmask: '255.255.255.0',
          networkdomain: `cs${n}cloud.internal`, created, arch: 'x86_64', lasthostid: host.id,
          scriptsversion: version === CURRENT_SYSTEMVM_VERSION ? 'a3b1e2f0c9d8e7f6a5b4c3d2e1f00112' : '5e4d3c2b1a0f9e8d7c6b5a4938271605',
        }));
      routerCount += 1;
      summary.routers += 1;
    };
    const versionFor = () => {
      const r = rand();
      return r < 0.62 ? CURRENT_SYSTEMVM_VERSION : r < 0.84 ? OLDER_SYSTEMVM_VERSIONS[0]! : OLDER_SYSTEMVM_VERSIONS[1]!;
    };
    const stateFor = () => (rand() < 0.06 ? 'Stopped' : 'Running');
    const guestVm = (z: (typeof zoneInfo)[number], owner: Owner, net: { id: string; cidr: string }, host: HostRef, k: number) => {
      const n = vmNumber++;
      const tpl = guestTemplates[z.index]!;
      const off = k % 3 === 0 ? mediumOffering : smallOffering;
      const state = rand() < 0.15 ? 'Stopped' : 'Running';
      const name = `${owner.account}-vm-${n}`;
      ins.vm.run(id('vm', n), name, z.id, state === 'Running' ? host.id : null, owner.accountid, owner.account,
        owner.domainid, owner.domainpath, net.id, state, JSON.stringify({
          displayname: name, zonename: z.name, hypervisor: z.hv.name, domain: owner.domain, templateid: tpl.id,
          templatename: tpl.name, serviceofferingid: off.id, serviceofferingname: off.name,
          cpunumber: off === mediumOffering ? 1 : 1, cpuspeed: off === mediumOffering ? 1000 : 500,
          memory: off === mediumOffering ? 1024 : 512, ipaddress: net.cidr.replace(/0\/24$/, String(10 + (k % 200))),
          instancename: `i-${n}-VM`, created, passwordenabled: true, haenable: false, guestosid: tpl.id,
          osdisplayname: 'Ubuntu 24.04 LTS', vmtype: 'User', displayvm: true, isdynamicallyscalable: true,
        }));
      summary.vms += 1;
    };

    // One shared network per zone, owned by the root admin, with its router.
    for (const z of zoneInfo) {
      if (routerCount >= opts.routers) break;
      const net = addNetwork(z, admin, 'Shared', false);
      addRouter(z, admin, net, z.hosts[0]!, CURRENT_SYSTEMVM_VERSION, 'Running', { guestip: '172.16.0.2' });
    }
    // The named demo users each get an isolated network with a router and two VMs in the first zone.
    for (const owner of owners.slice(2, 6)) {
      if (routerCount >= opts.routers) break;
      const z = zoneInfo[0]!;
      const net = addNetwork(z, owner, 'Isolated', false);
      const host = pick(z.hosts);
      addRouter(z, owner, net, host, OLDER_SYSTEMVM_VERSIONS[0]!, 'Running', { guestip: net.cidr.replace(/0\/24$/, '1') });
      guestVm(z, owner, net, host, 0);
      guestVm(z, owner, net, pick(z.hosts), 1);
    }
    // The rest: a mix of isolated, redundant and VPC routers over all zones, pods and tenants.
    let k = 0;
    let vpcNumber = 0;
    while (routerCount < opts.routers) {
      const z = zoneInfo[k % zoneInfo.length]!;
      const owner = routerOwners[k % routerOwners.length]!;
      const pod = pick(z.pods);
      const kind = k % 6;
      const version = versionFor();
      if (kind === 2 && routerCount + 2 <= opts.routers) {
        const net = addNetwork(z, owner, 'Isolated', true);
        const primary = pick(pod.hosts);
        // As NetworkHelperImpl.startVirtualRouter places a redundant router: away from its peer's pod when
        // the zone has another, else away from its cluster.
        const otherPod = z.pods.find((o) => o !== pod && o.hosts.length > 0);
        const backup = otherPod ? otherPod.hosts[k % otherPod.hosts.length]! : (pod.hosts.find((h) => h.clusterid !== primary.clusterid) ?? pick(pod.hosts));
        const gw = net.cidr.replace(/0\/24$/, '');
        addRouter(z, owner, net, primary, version, 'Running', { redundantstate: 'PRIMARY', guestip: `${gw}2` });
        addRouter(z, owner, net, backup, version, 'Running', { redundantstate: 'BACKUP', guestip: `${gw}3` });
        if (summary.vms < 3000) guestVm(z, owner, net, primary, k);
      } else if (kind === 4) {
        const vpc = { id: id('vpc', vpcNumber), name: `${owner.account}-vpc-${vpcNumber}` };
        vpcNumber += 1;
        const tier = addNetwork(z, owner, 'VPC', false, vpc);
        const host = pick(pod.hosts);
        addRouter(z, owner, tier, host, version, stateFor(), { vpc, guestip: tier.cidr.replace(/0\/24$/, '1') });
        if (summary.vms < 3000) guestVm(z, owner, tier, host, k);
      } else {
        const net = addNetwork(z, owner, 'Isolated', false);
        const host = pick(pod.hosts);
        addRouter(z, owner, net, host, version, stateFor(), { guestip: net.cidr.replace(/0\/24$/, '1') });
        if (summary.vms < 3000 && k % 2 === 0) guestVm(z, owner, net, host, k);
      }
      k += 1;
    }
    // Each isolated network's source NAT address: the public IP of its (first) router (server/rules).
    const sourceNat = db.prepare(
      `SELECT n.id AS networkid, n.zoneid, n.accountid, n.account, n.domainid, n.domainpath, r.publicip
       FROM networks n JOIN routers r ON r.rowid = (SELECT MIN(rowid) FROM routers WHERE networkid = n.id)
       WHERE n.type = 'Isolated' AND n.vpcid IS NULL AND r.publicip IS NOT NULL ORDER BY n.rowid`,
    ).all() as { networkid: string; zoneid: string; accountid: string; account: string; domainid: string; domainpath: string; publicip: string }[];
    const insIp = db.prepare(`INSERT INTO public_ips (id, ipaddress, zoneid, networkid, accountid, account, domainid, domainpath, issourcenat, vmid, created)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, ?)`);
    for (const ip of sourceNat) {
      insIp.run(id('publicip', ip.networkid), ip.publicip, ip.zoneid, ip.networkid, ip.accountid, ip.account, ip.domainid, ip.domainpath, created);
    }
    if (opts.hostileNames) giveHostileNames(db);
    setMeta(db, 'seeded', JSON.stringify({ seed, routers: opts.routers, at: new Date().toISOString() }));
  })();
  return summary;
}

/** Names that a page showing them as HTML would execute; a test checks that they appear as plain text. */
export const HOSTILE_NAMES = {
  router: '<img src=x onerror="window.__xss=\'router\'">',
  network: '<script>window.__xss="network"</script>',
  vm: '"><svg onload="window.__xss=\'vm\'">',
  account: '<b onmouseover="window.__xss=1">tenant</b>',
};

function giveHostileNames(db: Db): void {
  const router = db.prepare("SELECT id, networkid, accountid FROM routers WHERE account LIKE 'tenant-%' ORDER BY rowid LIMIT 1").get() as
    | { id: string; networkid: string; accountid: string }
    | undefined;
  if (!router) return;
  db.prepare('UPDATE routers SET name = ? WHERE id = ?').run(HOSTILE_NAMES.router, router.id);
  db.prepare('UPDATE networks SET name = ? WHERE id = ?').run(HOSTILE_NAMES.network, router.networkid);
  db.prepare('UPDATE vms SET name = ? WHERE id = (SELECT id FROM vms ORDER BY rowid LIMIT 1)').run(HOSTILE_NAMES.vm);
  db.prepare("UPDATE vms SET data = json_set(data, '$.displayname', ?) WHERE id = (SELECT id FROM vms ORDER BY rowid LIMIT 1)").run(HOSTILE_NAMES.vm);
  db.prepare('UPDATE accounts SET name = ? WHERE id = ?').run(HOSTILE_NAMES.account, router.accountid);
  db.prepare('UPDATE routers SET account = ? WHERE accountid = ?').run(HOSTILE_NAMES.account, router.accountid);
  db.prepare('UPDATE networks SET account = ? WHERE accountid = ?').run(HOSTILE_NAMES.account, router.accountid);
  db.prepare('UPDATE vms SET account = ? WHERE accountid = ?').run(HOSTILE_NAMES.account, router.accountid);
}
