import { X509Certificate } from 'node:crypto';
import type { Db } from '../db/database';
import type { ConsoleTls } from '../console/service';
import { activeCertificate } from './store';

/**
 * What a console proxy serves TLS with: the uploaded key, the server certificate followed by the
 * intermediate certificates of its chain (a root is not sent: clients must know it already), and the
 * whole chain as `ca`. Undefined until a server certificate has been uploaded.
 */
export function consoleTls(db: Db): ConsoleTls | undefined {
  const c = activeCertificate(db);
  if (!c) return undefined;
  const intermediates = c.chain.filter((pem) => {
    const x = new X509Certificate(pem);
    return !(x.checkIssued(x) && x.verify(x.publicKey));
  });
  return { key: c.privatekey, cert: [c.certificate, ...intermediates].join(''), ca: c.chain, domainsuffix: c.domainsuffix };
}
