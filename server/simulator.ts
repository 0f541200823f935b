import type { Simulator } from './api/context';
import { CommandTable } from './api/registry';
import { openDatabase } from './db/database';
import { JobRunner } from './jobs/runner';
import { Settings } from './settings/settings';
import { defaultOptions, type SimulatorOptions } from './options';
import { seedDemoCloud, type SeedSummary } from './seed/democloud';
import { login, logout, listCapabilities } from './auth/commands';
import { accountCommands } from './accounts/commands';
import { infrastructureCommands } from './infrastructure/commands';
import { firstContactCommands } from './infrastructure/firstContact';
import { listManagementServers } from './infrastructure/managementServer';
import { routerCommands, UPGRADE_QUEUE } from './routers/commands';
import { routerJobKinds } from './routers/jobs';
import { heldRouterJobs } from './routers/hold';
import { systemVmCommands } from './systemvms/commands';
import { systemVmJobKinds } from './systemvms/jobs';
import { offeringCommands } from './offerings/commands';
import { offeringJobKinds } from './offerings/jobs';
import { diagnosticsCommands, diagnosticsJobKinds } from './diagnostics/commands';
import { startBackground } from './monitoring/background';
import { networkCommands } from './networks/commands';
import { networkJobKinds } from './networks/jobs';
import { vmCommands, vmJobKinds } from './networks/vms';
import { ruleCommands } from './rules/commands';
import { ruleJobKinds } from './rules/jobs';
import { settingsCommands } from './settings/commands';
import { templateCommands } from './templates/commands';
import { templateJobKinds } from './templates/jobs';
import { snapshotJobKinds } from './systemvms/snapshotBackups';
import { downloadsOf } from './templates/downloads';
import { jobCommands } from './jobs/commands';
import { eventCommands } from './events/commands';
import { consoleCommands } from './console/commands';
import { attachConsoles } from './console/service';
import { certificateCommands } from './certificates/commands';
import { certificateJobKinds } from './certificates/jobs';
import { consoleTls } from './certificates/tls';
import { registerConsoleProxyHooks } from './systemvms/lifecycle';
import { listApisCommand } from './api/apis';

export interface RunningSimulator {
  sim: Simulator;
  commands: CommandTable;
  seeded?: SeedSummary;
  close(): void;
}

/** Opens (or creates and seeds) a simulated management server, and starts its job runner. */
export function createSimulator(partial: Partial<SimulatorOptions> = {}, log: (line: string) => void = () => {}): RunningSimulator {
  const options: SimulatorOptions = { ...defaultOptions, ...partial };
  const db = openDatabase(options.database);
  const seeded = seedDemoCloud(db, { seed: options.seed, routers: options.routers, hostileNames: options.hostileNames });
  const settings = new Settings(db);
  const jobs = new JobRunner(db, options.speed);
  // startedAt follows the settings' start-up snapshot: a simulated restart (settings.takeSnapshot) moves lastserverstart.
  const sim: Simulator = { db, options, settings, jobs, get startedAt() { return settings.startedAt; }, log };

  for (const [name, kind] of Object.entries({ ...routerJobKinds(sim), ...networkJobKinds(sim) })) jobs.register(name, kind);
  for (const [name, kind] of Object.entries({ ...ruleJobKinds(sim), ...vmJobKinds(sim) })) jobs.register(name, kind);
  for (const [name, kind] of Object.entries({ ...systemVmJobKinds(sim), ...offeringJobKinds(sim), ...diagnosticsJobKinds(sim) })) jobs.register(name, kind);
  jobs.setQueueLimit(UPGRADE_QUEUE, options.upgradeParallel);
  for (const [name, kind] of Object.entries(templateJobKinds(sim))) jobs.register(name, kind);
  for (const [name, kind] of Object.entries(certificateJobKinds(sim))) jobs.register(name, kind);
  for (const [name, kind] of Object.entries(snapshotJobKinds(sim))) jobs.register(name, kind);

  const commands = new CommandTable();
  commands.add(login, logout, listCapabilities);
  commands.add(...offeringCommands, ...diagnosticsCommands);
  commands.add(...accountCommands, ...infrastructureCommands, ...routerCommands, ...systemVmCommands, ...networkCommands,
    ...settingsCommands, ...templateCommands, ...jobCommands, ...eventCommands);

  commands.add(...ruleCommands, ...vmCommands);
  commands.add(...consoleCommands);
  commands.add(...certificateCommands);
  commands.add(listApisCommand(commands));
  commands.add(...firstContactCommands, listManagementServers);

  jobs.setHold(heldRouterJobs(sim));
  jobs.start();
  const background = startBackground(sim);
  // Tests drive the periodic services with their tick() instead of racing their timers.
  if (!options.background) background.manual();
  const consoles = attachConsoles(sim, { tls: () => consoleTls(sim.db) });
  // System VM jobs (stop, reboot, migrate, destroy) open and close the proxies' listeners at once.
  registerConsoleProxyHooks(sim, consoles.hooks());
  downloadsOf(sim).start();
  return {
    sim,
    commands,
    seeded,
    close() {
      background.stop();
      downloadsOf(sim).stop();
      void consoles.close();
      jobs.stop();
      db.close();
    },
  };
}
