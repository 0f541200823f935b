import { X509Certificate } from 'node:crypto';
import type { Simulator } from '../api/context';
import { ApiError } from '../api/errors';
import { recordEvent } from '../events/events';
import { systemOwner } from '../events/owner';
import { recordSystemVmEvent } from '../events/subjects';
import type { JobKind, JobRow, StepOutcome } from '../jobs/runner';
import { settingsByName } from '../settings/catalogue';
import { setSystemVm, typeWord, eventPrefix } from '../systemvms/rows';
import { dropPendingUpload, saveActiveCertificate, stageChainEntry, stagedChain, takePendingUpload, type PendingUpload } from './store';
import { checkChain, checkChainCertificate, checkDates, checkDomain, checkKeyMatch, normalizeDomainSuffix, parseCertificate, parsePrivateKey } from './validate';

export const CERTIFICATE_JOB = 'certificate.upload';
const CMD = 'org.apache.cloudstack.api.command.admin.resource.UploadCustomCertificateCmd';
/** How often (ms at speed 1) the job looks whether the system VMs it rebooted are back. */
const REBOOT_POLL_MS = 500;

interface CertificatePayload {
  uploadid?: string;
  /** The reboot jobs of the system VMs, once the server certificate is in place. */
  reboots?: string[];
  subject?: string;
  domainsuffix?: string;
}

function event(sim: Simulator, description: string, level: 'INFO' | 'ERROR' = 'INFO'): void {
  recordEvent(sim.db, { type: 'UPLOAD.CUSTOM.CERTIFICATE', level, description, owner: systemOwner(sim.db) });
}

/** A chain certificate (an upload with an id): checked, then kept until the server certificate arrives. */
function saveChainEntry(sim: Simulator, u: PendingUpload, now: Date): StepOutcome {
  const id = u.chainid!;
  const alias = u.name ? ` (${u.name})` : '';
  const what = `certificate with id ${id}${alias}`;
  const cert = parseCertificate(u.certificate, `The ${what}`);
  checkChainCertificate(cert, now, `The ${what}`);
  normalizeDomainSuffix(u.domainsuffix);
  if (id > 1 && !stagedChain(sim.db).some((e) => e.id === id - 1)) {
    throw new ApiError(431, `Upload the chain in order: the certificate with id ${id - 1} must be uploaded before id ${id} (id 1 is the root)`);
  }
  const staged = stagedChain(sim.db).find((e) => e.id === id - 1);
  if (staged) {
    const parent = new X509Certificate(staged.certificate);
    if (!cert.checkIssued(parent) || !cert.verify(parent.publicKey)) {
      throw new ApiError(431, `The ${what} was not issued by the certificate with id ${id - 1} (${staged.name}): upload the chain from the root (id 1) down, each certificate issued by the one before`);
    }
  }
  stageChainEntry(sim.db, id, u.name ?? `certificate${id}`, cert.toString());
  event(sim, `Uploaded chain certificate ${id}${alias}: ${cert.subject.replace(/\n/g, ', ')}`);
  return { done: { customcertificate: { message: `Certificate ${id}${alias} of the chain has been saved; it is put in use with the next server certificate upload.` } } };
}

/** The server certificate: checked with its key, domain and the chain uploaded before it; then put in use. */
function saveServerCertificate(sim: Simulator, job: JobRow, u: PendingUpload, now: Date): StepOutcome {
  const cert = parseCertificate(u.certificate, 'The certificate');
  if (!u.privatekey) throw new ApiError(431, 'privatekey is required when uploading the server certificate (an upload without id)');
  const key = parsePrivateKey(u.privatekey);
  checkKeyMatch(cert, key);
  checkDates(cert, now, 'The certificate');
  const suffix = normalizeDomainSuffix(u.domainsuffix);
  checkDomain(cert, suffix);
  // The chain goes from the server certificate up: the highest id issued it, id 1 is the root.
  const staged = stagedChain(sim.db).reverse();
  const chain = staged.map((e) => new X509Certificate(e.certificate));
  checkChain(cert, chain, staged.map((e) => `certificate with id ${e.id} (${e.name})`), now);

  // Everything checked: from here on the upload changes what is stored.
  const domainsuffix = `*.${suffix}`;
  const subject = cert.subject.replace(/\n/g, ', ');
  saveActiveCertificate(sim.db, {
    certificate: cert.toString(),
    privatekey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    chain: chain.map((c) => c.toString()),
    domainsuffix,
    subject,
    notafter: new Date(cert.validTo).toISOString(),
  });
  // The chain entries stay: a later upload of only a server certificate and key uses them again.
  sim.settings.set(settingsByName.get('consoleproxy.url.domain')!, domainsuffix);
  sim.settings.set(settingsByName.get('consoleproxy.sslEnabled')!, 'true');
  event(sim, `Uploaded the console proxy certificate ${subject} for ${domainsuffix}; rebooting the running console proxies and secondary storage VMs`);

  // Every running system VM reboots to take the certificate (a busy one takes it when its own job restarts it).
  const vms = sim.db
    .prepare("SELECT id, name, systemvmtype FROM systemvms WHERE state = 'Running' AND jobid IS NULL ORDER BY rowid")
    .all() as { id: string; name: string; systemvmtype: string }[];
  const caller = { userid: job.userid, accountid: job.accountid, domainpath: job.domainpath };
  const reboots = vms.map((vm) => {
    const jobid = sim.jobs.submit({ kind: 'systemvm.reboot', caller, instanceid: vm.id, payload: { prevState: 'Running', forced: false } });
    setSystemVm(sim.db, vm.id, { jobid });
    recordSystemVmEvent(sim.db, vm, {
      type: `${eventPrefix(vm.systemvmtype)}.REBOOT`, state: 'Scheduled',
      description: `Rebooting ${typeWord(vm.systemvmtype)} ${vm.name} to take the new SSL certificate`,
    });
    return jobid;
  });
  const payload: CertificatePayload = { reboots, subject, domainsuffix };
  sim.db.prepare('UPDATE jobs SET payload = ? WHERE id = ?').run(JSON.stringify(payload), job.id);
  return { next: REBOOT_POLL_MS };
}

export function certificateJobKinds(sim: Simulator): Record<string, JobKind> {
  const upload: JobKind = {
    cmd: CMD,
    instancetype: 'None',
    step(job, payload, step) {
      const p = payload as CertificatePayload;
      if (step === 0) {
        const u = p.uploadid ? takePendingUpload(sim.db, p.uploadid) : undefined;
        if (!u) return { fail: { code: 530, text: 'The uploaded certificate is no longer there (the management server restarted before the job ran); upload it again' } };
        try {
          return u.chainid !== null ? saveChainEntry(sim, u, new Date()) : saveServerCertificate(sim, job, u, new Date());
        } catch (err) {
          if (err instanceof ApiError) return { fail: { code: err.errorcode, text: err.errortext } };
          throw err;
        }
      }
      const reboots = p.reboots ?? [];
      const pending = reboots.length === 0 ? 0 : (sim.db
        .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE status = 0 AND id IN (${reboots.map(() => '?').join(',')})`)
        .get(...reboots) as { n: number }).n;
      if (pending > 0) return { next: REBOOT_POLL_MS };
      return {
        done: {
          customcertificate: {
            message: `The certificate ${p.subject ?? ''} is in use; ${reboots.length} running console proxy and secondary storage VM${reboots.length === 1 ? ' was' : 's were'} rebooted to take it. Consoles are served at aaa-bbb-ccc-ddd.${(p.domainsuffix ?? '').replace(/^\*\./, '')}.`,
          },
        },
      };
    },
    onFail(_job, payload, text) {
      const p = payload as CertificatePayload;
      if (p.uploadid) dropPendingUpload(sim.db, p.uploadid);
      event(sim, `Certificate upload failed: ${text}`, 'ERROR');
    },
  };
  return { [CERTIFICATE_JOB]: upload };
}
