import { randomUUID } from 'node:crypto';
import { command } from '../api/registry';
import { paramError } from '../api/errors';
import { addPendingUpload } from './store';
import { CERTIFICATE_JOB } from './jobs';

/** A PEM certificate or key is a few kilobytes; this is far above any real one. */
const MAX_PEM = 64 * 1024;

/**
 * uploadCustomCertificate: the console proxy's SSL certificate. Chain certificates come first, each with its
 * `id` (1 = root; `name`, the alias, is optional as in 4.20); then the server certificate with `privatekey`.
 * Each chain entry is kept by its id, so renewing only the server certificate keeps the root and intermediates. The checks run in the job, so a
 * bad upload is a failed job with its errortext. The key is kept out of the jobs table (the job names a
 * pending upload row instead) and out of every message: `privatekey` is a bare string here, because a
 * parameter that fails its schema would be quoted in the error.
 */
export const uploadCustomCertificate = command({
  name: 'uploadCustomCertificate',
  access: 'root',
  handle: ({ sim, caller }, p) => {
    if (p.name !== undefined && p.privatekey !== undefined) {
      throw paramError('A certificate with a name (alias) is a chain certificate and is uploaded without privatekey');
    }
    if (p.id === undefined && !p.privatekey) {
      throw paramError('Unable to execute API command uploadcustomcertificate due to missing parameter privatekey (required for the server certificate, an upload without id)');
    }
    if (p.privatekey !== undefined && p.privatekey.length > MAX_PEM) throw paramError(`privatekey is longer than ${MAX_PEM} characters`);
    const uploadid = randomUUID();
    addPendingUpload(sim.db, {
      id: uploadid,
      certificate: p.certificate,
      privatekey: p.id === undefined ? (p.privatekey ?? null) : null,
      domainsuffix: p.domainsuffix,
      chainid: p.id ?? null,
      name: p.name ?? null,
    });
    const jobid = sim.jobs.submit({ kind: CERTIFICATE_JOB, caller, payload: { uploadid } });
    return { jobid };
  },
});

export const certificateCommands = [uploadCustomCertificate];
