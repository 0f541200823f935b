import { expect, it } from 'vitest';
import { addressError, DIAGNOSTICS_FILES, parseExtraFiles } from './files';

it('offers the default files per kind', () => {
  expect(DIAGNOSTICS_FILES.router).toContain('/var/log/dnsmasq.log');
  expect(DIAGNOSTICS_FILES.consoleproxy).toContain('/usr/local/cloud/systemvm/conf/consoleproxy.properties');
  expect(DIAGNOSTICS_FILES.secondarystoragevm).not.toContain('/var/log/dnsmasq.log');
});

it('reads extra paths and names the bad ones', () => {
  expect(parseExtraFiles('/var/log/a.log, /etc/b.conf\n/var/log/a.log')).toEqual({ files: ['/var/log/a.log', '/etc/b.conf'], invalid: [] });
  expect(parseExtraFiles('relative.log /etc/../shadow').invalid).toEqual(['relative.log', '/etc/../shadow']);
});

it('checks addresses', () => {
  expect(addressError('')).toMatch(/Enter/);
  expect(addressError('10.1.1.300')).toMatch(/not an IPv4/);
  expect(addressError(' 10.1.1.3 ')).toBeUndefined();
});
