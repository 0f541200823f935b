/**
 * The simulator's schema, as ordered migrations. Each table keeps the columns it is filtered or joined on;
 * the rest of an object's CloudStack fields live in `data` (JSON), merged into the response.
 */
export const migrations: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE zones (id TEXT PRIMARY KEY, name TEXT NOT NULL, hypervisor TEXT NOT NULL, data TEXT NOT NULL);
  CREATE TABLE pods (id TEXT PRIMARY KEY, name TEXT NOT NULL, zoneid TEXT NOT NULL, data TEXT NOT NULL);
  CREATE TABLE clusters (id TEXT PRIMARY KEY, name TEXT NOT NULL, podid TEXT NOT NULL, zoneid TEXT NOT NULL, data TEXT NOT NULL);
  CREATE TABLE hosts (id TEXT PRIMARY KEY, name TEXT NOT NULL, clusterid TEXT NOT NULL, podid TEXT NOT NULL,
    zoneid TEXT NOT NULL, state TEXT NOT NULL, data TEXT NOT NULL);
  CREATE TABLE domains (id TEXT PRIMARY KEY, name TEXT NOT NULL, parentid TEXT, path TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
  CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL, domainid TEXT NOT NULL, domainpath TEXT NOT NULL,
    accounttype INTEGER NOT NULL, data TEXT NOT NULL, UNIQUE (name, domainid));
  CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL, accountid TEXT NOT NULL, domainid TEXT NOT NULL,
    passwordhash TEXT NOT NULL, apikey TEXT UNIQUE, secretkey TEXT, data TEXT NOT NULL, UNIQUE (username, domainid));
  CREATE TABLE sessions (sessionkey TEXT PRIMARY KEY, jsessionid TEXT NOT NULL UNIQUE, userid TEXT NOT NULL,
    created INTEGER NOT NULL, lastseen INTEGER NOT NULL);
  CREATE TABLE serviceofferings (id TEXT PRIMARY KEY, name TEXT NOT NULL, issystem INTEGER NOT NULL,
    systemvmtype TEXT, data TEXT NOT NULL);
  CREATE TABLE templates (id TEXT PRIMARY KEY, name TEXT NOT NULL, hypervisor TEXT NOT NULL, templatetype TEXT NOT NULL,
    zoneid TEXT, version TEXT, accountid TEXT, ispublic INTEGER NOT NULL, status TEXT NOT NULL, isready INTEGER NOT NULL,
    data TEXT NOT NULL);
  CREATE TABLE networks (id TEXT PRIMARY KEY, name TEXT NOT NULL, zoneid TEXT NOT NULL, accountid TEXT NOT NULL,
    account TEXT NOT NULL, domainid TEXT NOT NULL, domainpath TEXT NOT NULL, type TEXT NOT NULL, vpcid TEXT,
    redundant INTEGER NOT NULL, state TEXT NOT NULL, data TEXT NOT NULL);
  CREATE INDEX networks_zone ON networks (zoneid);
  CREATE TABLE routers (id TEXT PRIMARY KEY, name TEXT NOT NULL, zoneid TEXT NOT NULL, podid TEXT NOT NULL,
    clusterid TEXT NOT NULL, hostid TEXT, accountid TEXT NOT NULL, account TEXT NOT NULL, domainid TEXT NOT NULL,
    domainpath TEXT NOT NULL, networkid TEXT NOT NULL, vpcid TEXT, state TEXT NOT NULL, version TEXT NOT NULL,
    templateid TEXT NOT NULL, serviceofferingid TEXT NOT NULL, redundantstate TEXT, publicip TEXT,
    guestipaddress TEXT, jobid TEXT, data TEXT NOT NULL);
  CREATE INDEX routers_zone ON routers (zoneid);
  CREATE INDEX routers_pod ON routers (podid);
  CREATE INDEX routers_cluster ON routers (clusterid);
  CREATE INDEX routers_network ON routers (networkid);
  CREATE INDEX routers_account ON routers (accountid);
  CREATE INDEX routers_domainpath ON routers (domainpath);
  CREATE INDEX routers_name ON routers (name);
  CREATE TABLE systemvms (id TEXT PRIMARY KEY, name TEXT NOT NULL, systemvmtype TEXT NOT NULL, zoneid TEXT NOT NULL,
    podid TEXT NOT NULL, hostid TEXT, state TEXT NOT NULL, version TEXT NOT NULL, templateid TEXT NOT NULL,
    jobid TEXT, data TEXT NOT NULL);
  CREATE TABLE vms (id TEXT PRIMARY KEY, name TEXT NOT NULL, zoneid TEXT NOT NULL, hostid TEXT, accountid TEXT NOT NULL,
    account TEXT NOT NULL, domainid TEXT NOT NULL, domainpath TEXT NOT NULL, networkid TEXT, state TEXT NOT NULL,
    jobid TEXT, data TEXT NOT NULL);
  CREATE INDEX vms_account ON vms (accountid);
  CREATE TABLE config_values (name TEXT NOT NULL, scope TEXT NOT NULL, scopeid TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (name, scope, scopeid));
  CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, cmd TEXT NOT NULL, userid TEXT NOT NULL,
    accountid TEXT NOT NULL, domainpath TEXT NOT NULL, instancetype TEXT, instanceid TEXT, queue TEXT,
    status INTEGER NOT NULL, procstatus INTEGER NOT NULL DEFAULT 0, resultcode INTEGER NOT NULL DEFAULT 0,
    result TEXT, payload TEXT NOT NULL, step INTEGER NOT NULL DEFAULT 0, started INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL, created TEXT NOT NULL, created_ms INTEGER NOT NULL, completed TEXT);
  CREATE INDEX jobs_pending ON jobs (status, next_at);
  CREATE INDEX jobs_account ON jobs (accountid, created_ms);
  CREATE INDEX jobs_instance ON jobs (instanceid);
  CREATE TABLE events (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, type TEXT NOT NULL, level TEXT NOT NULL,
    state TEXT NOT NULL, description TEXT NOT NULL, accountid TEXT NOT NULL, domainpath TEXT NOT NULL,
    resourceid TEXT, created TEXT NOT NULL, data TEXT NOT NULL);
  CREATE INDEX events_seq ON events (seq);
  CREATE INDEX events_resource ON events (resourceid);
  CREATE TABLE alerts (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, type INTEGER NOT NULL, name TEXT NOT NULL,
    description TEXT NOT NULL, sent TEXT NOT NULL);
  `,
  // Network offerings (the default ones CloudStack ships; serviceofferingid names the routers' system
  // offering, NULL for the default one) and the diagnostics bundles getDiagnosticsData serves for download.
  `
  CREATE TABLE networkofferings (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, guestiptype TEXT NOT NULL,
    forvpc INTEGER NOT NULL, serviceofferingid TEXT, state TEXT NOT NULL, isdefault INTEGER NOT NULL, data TEXT NOT NULL);
  INSERT INTO networkofferings (id, name, guestiptype, forvpc, serviceofferingid, state, isdefault, data) VALUES
    ('6a4fd3b8-8c0e-4c43-9a9b-0d1f3c1a0001', 'DefaultIsolatedNetworkOfferingWithSourceNatService', 'Isolated', 0, NULL, 'Enabled', 1,
      '{"displaytext":"Offering for Isolated networks with Source Nat service enabled","traffictype":"Guest","availability":"Required","conservemode":true,"specifyvlan":false,"specifyipranges":false,"egressdefaultpolicy":false,"ispersistent":false,"networkrate":200,"supportedservices":"Dhcp,Dns,SourceNat,StaticNat,PortForwarding,Lb,Firewall,Vpn,UserData"}'),
    ('6a4fd3b8-8c0e-4c43-9a9b-0d1f3c1a0002', 'DefaultRedundantIsolatedNetworkOfferingWithSourceNat', 'Isolated', 0, NULL, 'Enabled', 1,
      '{"displaytext":"Offering for Isolated networks with redundant routers and Source Nat service","traffictype":"Guest","availability":"Optional","conservemode":true,"specifyvlan":false,"specifyipranges":false,"egressdefaultpolicy":false,"ispersistent":false,"networkrate":200,"redundantrouter":true,"supportedservices":"Dhcp,Dns,SourceNat,StaticNat,PortForwarding,Lb,Firewall,Vpn,UserData"}'),
    ('6a4fd3b8-8c0e-4c43-9a9b-0d1f3c1a0003', 'DefaultSharedNetworkOfferingWithSGService', 'Shared', 0, NULL, 'Enabled', 1,
      '{"displaytext":"Offering for Shared Security group enabled networks","traffictype":"Guest","availability":"Optional","conservemode":true,"specifyvlan":true,"specifyipranges":true,"egressdefaultpolicy":false,"ispersistent":false,"supportedservices":"Dhcp,Dns,UserData,SecurityGroup"}'),
    ('6a4fd3b8-8c0e-4c43-9a9b-0d1f3c1a0004', 'DefaultIsolatedNetworkOfferingForVpcNetworks', 'Isolated', 1, NULL, 'Enabled', 1,
      '{"displaytext":"Offering for Isolated VPC networks with Source Nat service enabled","traffictype":"Guest","availability":"Optional","conservemode":false,"specifyvlan":false,"specifyipranges":false,"egressdefaultpolicy":false,"ispersistent":false,"networkrate":200,"supportedservices":"Dhcp,Dns,SourceNat,StaticNat,PortForwarding,Lb,NetworkACL,Vpn,UserData"}');
  CREATE TABLE diagnostics_files (id TEXT PRIMARY KEY, targetid TEXT NOT NULL, filename TEXT NOT NULL,
    created_ms INTEGER NOT NULL, content BLOB NOT NULL);
  `,
  // Templates per zone (a registered or copied template has one row per zone it is in) and the secondary
  // storage VMs' background tasks (downloads and copies), persisted so they resume after a restart.
  `
  ALTER TABLE templates ADD COLUMN removed TEXT;
  CREATE TABLE template_zones (templateid TEXT NOT NULL, zoneid TEXT NOT NULL, status TEXT NOT NULL,
    isready INTEGER NOT NULL, created TEXT NOT NULL, PRIMARY KEY (templateid, zoneid));
  CREATE TABLE ssvm_tasks (id TEXT PRIMARY KEY, kind TEXT NOT NULL, zoneid TEXT NOT NULL, ssvmid TEXT,
    templateid TEXT NOT NULL, url TEXT, sourcezoneid TEXT, jobid TEXT, state TEXT NOT NULL,
    bytes INTEGER NOT NULL DEFAULT 0, total INTEGER, percent INTEGER NOT NULL DEFAULT 0, error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL, updated_ms INTEGER NOT NULL, completed TEXT);
  CREATE INDEX ssvm_tasks_state ON ssvm_tasks (state);
  CREATE INDEX ssvm_tasks_template ON ssvm_tasks (templateid, zoneid);
  `,
  // Consoles: each VM's VNC password (never answered by any API), an optional external VNC server the VM
  // points at instead of its built-in one, and the console proxy its last session went through.
  `
  CREATE TABLE vm_consoles (vmid TEXT PRIMARY KEY, vncpassword TEXT NOT NULL, vnchost TEXT, vncport INTEGER,
    proxyid TEXT, updated_ms INTEGER NOT NULL);
  `,
  // The console proxy's SSL certificate (uploadCustomCertificate): uploads waiting for their job (the key
  // stays out of the jobs table), the chain certificates by id (1 = root), and the certificate in use with
  // its key and chain. No API answers a private key.
  `
  CREATE TABLE certificate_uploads (id TEXT PRIMARY KEY, certificate TEXT NOT NULL, privatekey TEXT,
    domainsuffix TEXT NOT NULL, chainid INTEGER, name TEXT, created_ms INTEGER NOT NULL);
  CREATE TABLE certificate_chain (id INTEGER PRIMARY KEY, name TEXT NOT NULL, certificate TEXT NOT NULL, uploaded TEXT NOT NULL);
  CREATE TABLE console_certificate (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), certificate TEXT NOT NULL,
    privatekey TEXT NOT NULL, chain TEXT NOT NULL, domainsuffix TEXT NOT NULL, subject TEXT NOT NULL,
    notafter TEXT NOT NULL, uploaded TEXT NOT NULL);
  `,
  // Lists of thousands of routers filtered by state (the dashboard's running count, the state filter).
  `
  CREATE INDEX routers_state ON routers (state);
  `,
  // Snapshot backups: ssvm_tasks of kind 'snapshot' (templateid '') name the guest VM whose volume snapshot
  // the zone's secondary storage VM backs up.
  `
  ALTER TABLE ssvm_tasks ADD COLUMN vmid TEXT;
  `,
  // End-user network rules (server/rules): public IP addresses and the firewall, port forwarding and static
  // NAT rules on them, which the management server sends to the network's routers.
  `
  CREATE TABLE public_ips (id TEXT PRIMARY KEY, ipaddress TEXT NOT NULL, zoneid TEXT NOT NULL, networkid TEXT NOT NULL,
    accountid TEXT NOT NULL, account TEXT NOT NULL, domainid TEXT NOT NULL, domainpath TEXT NOT NULL,
    issourcenat INTEGER NOT NULL, vmid TEXT, created TEXT NOT NULL);
  CREATE INDEX public_ips_network ON public_ips (networkid);
  CREATE TABLE network_rules (id TEXT PRIMARY KEY, purpose TEXT NOT NULL, ipaddressid TEXT NOT NULL, networkid TEXT NOT NULL,
    accountid TEXT NOT NULL, account TEXT NOT NULL, domainid TEXT NOT NULL, domainpath TEXT NOT NULL,
    state TEXT NOT NULL, data TEXT NOT NULL);
  CREATE INDEX network_rules_ip ON network_rules (ipaddressid);
  `,
  // The router upgrade queue (server/jobs/runner.ts): a freed slot starts the oldest queued job of its queue,
  // and counts the running ones, without scanning and sorting every pending job.
  `
  CREATE INDEX jobs_queue ON jobs (queue, status, started, created_ms);
  `,
];
