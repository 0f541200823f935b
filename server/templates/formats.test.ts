import { describe, expect, it } from 'vitest';
import { isInternalHost, canonicalHypervisor, checkFormat, checkTemplateUrl, downloadingStatus, parseChecksum, systemVmVersionOf } from './formats';
import { describeFetchError } from './downloads';

describe('registerTemplate checks', () => {
  it('knows hypervisors in any case and the formats each runs', () => {
    expect(canonicalHypervisor('kvm')).toBe('KVM');
    expect(canonicalHypervisor('XENSERVER')).toBe('XenServer');
    expect(canonicalHypervisor('Xen')).toBeUndefined();
    expect(checkFormat('KVM', 'qcow2')).toBeUndefined();
    expect(checkFormat('XenServer', 'QCOW2')).toMatch(/not supported by hypervisor XenServer; use VHD/);
  });

  it('checks the URL scheme and file name against the format', () => {
    expect(checkTemplateUrl('http://download.cloud.com/templates/4.2/64bit/systemvmtemplate64-2013-07-15-master-kvm.qcow2.bz2', 'QCOW2')).toBeUndefined();
    expect(checkTemplateUrl('https://h/x.vhd.bz2?sig=1', 'VHD')).toBeUndefined();
    expect(checkTemplateUrl('ftp://h/x.qcow2', 'QCOW2')).toMatch(/Unsupported scheme/);
    expect(checkTemplateUrl('h/x.qcow2', 'QCOW2')).toMatch(/not a valid URL/);
    expect(checkTemplateUrl('http://h/x.ova', 'QCOW2')).toMatch(/not a QCOW2 file/);
  });

  it('parses checksums with and without an algorithm', () => {
    expect(parseChecksum('{SHA-256}' + 'a'.repeat(64))).toEqual({ algorithm: 'sha256', hex: 'a'.repeat(64) });
    expect(parseChecksum('B'.repeat(32))).toEqual({ algorithm: 'md5', hex: 'b'.repeat(32) });
    expect(parseChecksum('{SHA-1}abc')).toMatch(/40 hexadecimal digits/);
    expect(parseChecksum('{CRC}00')).toMatch(/unknown checksum algorithm CRC/);
  });

  it('reads the system VM version from the file name, or falls back', () => {
    expect(systemVmVersionOf('http://h/systemvm/4.20/systemvmtemplate-4.20.1-x86_64-kvm.qcow2.bz2', '4.20.0')).toBe('4.20.1');
    expect(systemVmVersionOf('http://download.cloud.com/templates/4.2/64bit/systemvmtemplate64-2013-07-15-master-kvm.qcow2.bz2', '4.20.0')).toBe('4.20.0');
  });

  it('says why a fetch failed', () => {
    const err = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
    expect(describeFetchError(err('ENOTFOUND'), 'http://download.cloud.com/x.qcow2')).toBe('could not resolve host download.cloud.com');
    expect(describeFetchError(err('ECONNREFUSED'), 'http://127.0.0.1:9/x.qcow2')).toBe('connection refused by 127.0.0.1:9');
    expect(downloadingStatus(42.7)).toBe('42% Downloaded');
  });

  it('tells internal hosts', () => {
    for (const u of ['http://127.0.0.1:8/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://172.20.0.1/x', 'http://169.254.1.1/x']) expect(isInternalHost(u), u).toBe(true);
    for (const u of ['http://download.cloud.com/x', 'http://172.32.0.1/x', 'http://8.8.8.8/x']) expect(isInternalHost(u), u).toBe(false);
  });
});
