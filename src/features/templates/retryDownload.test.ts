import { expect, it } from 'vitest';
import type { Template } from '../../api/schemas';
import { retryForm, retryParams, unreachableSource } from './retryDownload';

const failed: Template = {
  id: 't1', name: 'KVM64bitTemplate', displaytext: 'KVM 64', hypervisor: 'KVM', format: 'QCOW2', templatetype: 'ROUTING',
  zoneid: 'z1', isready: false, status: 'Failed to download: could not resolve host download.example.org',
  url: 'http://download.example.org/systemvm-kvm.qcow2.bz2',
} as Template;

it('registers a failed template again in its zone, with its properties and its URL or a new one', () => {
  expect(retryForm(failed)).toMatchObject({ name: 'KVM64bitTemplate', zoneid: 'z1', isrouting: true, url: failed.url });
  expect(retryParams(failed, 'http://10.1.1.5:8080/systemvm-kvm.qcow2.bz2').params).toMatchObject({
    name: 'KVM64bitTemplate', zoneid: 'z1', hypervisor: 'KVM', format: 'QCOW2', isrouting: true, url: 'http://10.1.1.5:8080/systemvm-kvm.qcow2.bz2',
  });
});

it('refuses a URL the register form would refuse', () => {
  const r = retryParams(failed, 'ftp://x/y.qcow2');
  expect(r.params).toBeUndefined();
  expect(r.problems.url).toBe('Use an http or https URL');
});

it('tells an unreachable server from other failures', () => {
  expect(unreachableSource(failed.status)).toBe(true);
  expect(unreachableSource('Failed to download: the host 10.1.1.5 is not allowed: it is an address in the private range')).toBe(true);
  expect(unreachableSource('Failed to download: HTTP 404 Not Found')).toBe(false);
});
